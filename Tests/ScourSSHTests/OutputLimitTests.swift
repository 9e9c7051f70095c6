import Foundation
import ScourSSH
import Testing
import TestSupport

extension ExecTests {
    /// A host that answers with endless output must not grow the controller's memory past the cap.
    /// Nested in ExecTests, whose `.serialized` keeps its large outputs from running at the same
    /// time. The peak RSS and the promptness are measured in a process of their own: in a full run
    /// the other suites allocate beside the test (its peak grew 26 MB there, past the bound) and
    /// hold the pool threads its task resumes on.
    @Suite struct OutputLimitTests {
        @Test func endless_output_fails_promptly_within_the_memory_cap() async throws {
            try await inProcessOfItsOwn {
                try await withServer { server in
                    let session = try await server.connect()
                    let cap = 8 << 20
                    resetPeakResidentMemory()
                    let before = try peakResidentBytes()
                    let clock = ContinuousClock()
                    let start = clock.now
                    let error = await sshError {
                        _ = try await session.exec("yes", timeout: .seconds(60), stdoutLimit: .fail(after: cap))
                    }
                    let elapsed = clock.now - start
                    let growth = try peakResidentBytes() - before
                    #expect(error?.kind == .answerTooLarge)
                    #expect(error?.isTransient == false)
                    #expect(error?.message.contains("answer larger than 8 MiB") == true)
                    #expect(elapsed < .seconds(10), "took \(elapsed)")
                    // Cap + 16 MiB for the channel window, read buffer and allocator (unbounded, it grew ~250 MB/s).
                    #expect(growth < cap + (16 << 20), "peak RSS grew by \(growth >> 20) MiB")
                    #expect(!session.isOpen)
                    await session.close()
                }
            }
        }

        @Test func tail_mode_keeps_the_last_bytes_of_fifty_mebibytes() async throws {
            try await withServer { server in
                let session = try await server.connect()
                // 50 MiB of 'a', then a last line; stderr has its own limit.
                let result = try await session.exec(
                    "head -c 52428800 /dev/zero | tr '\\0' a; echo; echo the end; echo oops >&2",
                    timeout: .seconds(120), stdoutLimit: .tail(1024), stderrLimit: .tail(1024))
                let total = 50 * 1024 * 1024 + 1 + 8
                #expect(result.succeeded)
                #expect(result.stdout.count == 1024)
                #expect(result.stdoutText.hasSuffix("aaaa\nthe end\n"))
                #expect(result.stdoutDropped == total - 1024)
                #expect(result.stderrText == "oops\n")
                #expect(result.stderrDropped == 0)
                #expect(session.isOpen)
                await session.close()
            }
        }

        @Test func endless_output_kept_as_a_tail_still_times_out() async throws {
            try await inProcessOfItsOwn {
                try await withServer { server in
                    let session = try await server.connect()
                    let clock = ContinuousClock()
                    let start = clock.now
                    let error = await sshError { _ = try await session.exec("yes", timeout: .seconds(1), stdoutLimit: .tail(4096)) }
                    #expect(error?.kind == .commandTimedOut)
                    #expect(clock.now - start < .seconds(3), "took \(clock.now - start)")
                    await session.close()
                }
            }
        }

        @Test func output_at_the_cap_is_kept_whole() async throws {
            try await withServer { server in
                let session = try await server.connect()
                let result = try await session.exec("head -c 4096 /dev/zero", stdoutLimit: .fail(after: 4096))
                #expect(result.stdout.count == 4096)
                let error = await sshError { _ = try await session.exec("head -c 4097 /dev/zero", stdoutLimit: .fail(after: 4096)) }
                #expect(error?.kind == .answerTooLarge)
                await session.close()
            }
        }
    }
}

/// Resets the kernel's peak RSS mark of this process (VmHWM), so a later reading is the peak since.
private func resetPeakResidentMemory() {
    try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
}

/// VmHWM of this process from /proc/self/status, in bytes.
private func peakResidentBytes() throws -> Int {
    let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
    guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else {
        throw CocoaError(.fileReadCorruptFile)
    }
    return kib * 1024
}
