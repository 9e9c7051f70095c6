import Foundation
import ScourHost
import ScourSSH
import TestSupport
import Testing

@Suite(.needs(.sshd), .serialized)
struct ExecTests {
    @Test func stdout_stderr_and_exit_status_are_kept_apart() async throws {
        try await withServer { server in
            let session = try await server.connect()
            let result = try await session.exec("echo out; echo err >&2; exit 3")
            #expect(result.stdoutText == "out\n")
            #expect(result.stderrText == "err\n")
            #expect(result.exit == .code(3))
            #expect(try await session.exec("true").succeeded)
            await session.close()
        }
    }

    @Test func a_signal_is_reported_as_a_signal() async throws {
        try await withServer { server in
            let session = try await server.connect()
            let result = try await session.exec("kill -TERM $$")
            #expect(result.exit == .signal("TERM"))
            await session.close()
        }
    }

    @Test func a_script_on_stdin() async throws {
        try await withServer { server in
            let session = try await server.connect()
            let script = "x=41\necho $((x + 1))\nprintf 'it'\"'\"'s\\n'\n"
            let result = try await session.exec("sh -s", stdin: Array(script.utf8))
            #expect(result.stdoutText == "42\nit's\n")
            #expect(result.exit == .code(0))
            await session.close()
        }
    }

    @Test func ten_mebibytes_of_output_on_both_streams_do_not_stall() async throws {
        try await withServer { server in
            let session = try await server.connect()
            let result = try await session.exec(
                "head -c 10485760 /dev/zero | tr '\\0' a; head -c 3145728 /dev/zero | tr '\\0' b >&2",
                timeout: .seconds(60))
            #expect(result.stdout.count == 10 * 1024 * 1024)
            #expect(result.stdout.allSatisfy { $0 == UInt8(ascii: "a") })
            #expect(result.stderr.count == 3 * 1024 * 1024)
            await session.close()
        }
    }

    @Test func a_large_stdin_is_fed_while_output_flows() async throws {
        try await withServer { server in
            let session = try await server.connect()
            let input = [UInt8](repeating: UInt8(ascii: "z"), count: 8 * 1024 * 1024)
            let result = try await session.exec("cat", stdin: input, timeout: .seconds(60))
            #expect(result.stdout == input)
            await session.close()
        }
    }

    @Test func a_command_past_its_timeout_is_abandoned_on_time() async throws {
        // Timed in a process of its own: in a full run other suites hold the pool threads the task
        // resumes on, and the clock would be read late.
        try await inProcessOfItsOwn {
            try await withServer { server in
                let session = try await server.connect()
                let clock = ContinuousClock()
                let start = clock.now
                let error = await sshError { _ = try await session.exec("sleep 30", timeout: .seconds(1)) }
                let elapsed = clock.now - start
                #expect(error?.kind == .commandTimedOut)
                #expect(error?.isTransient == false)
                // Abandoning does not wait for a graceful channel close (it took ~5 s when it did).
                #expect(elapsed < .seconds(2), "returned \(elapsed) after a 1 s timeout")
                // The session went with the command: the next use fails fast, as a transient error
                // the caller reconnects on, and closing it does not wait either.
                #expect(!session.isOpen)
                let next = await sshError { _ = try await session.exec("true") }
                #expect(next?.isTransient == true)
                let closing = clock.now
                await session.close()
                #expect(clock.now - closing < .seconds(1))
                let again = try await server.connect()
                #expect(try await again.exec("echo still here").stdoutText == "still here\n")
                await again.close()
            }
        }
    }

    @Test func write_of_twenty_mebibytes_arrives_whole() async throws {
        try await withServer { server in
            let local = server.directory.appendingPathComponent("payload.bin")
            var bytes = [UInt8](repeating: 0, count: 20 * 1024 * 1024)
            for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 2654435761 >> 13) }
            try Data(bytes).write(to: local)
            let session = try await server.connect()
            let remote = server.directory.appendingPathComponent("uploaded dir/it's here.bin").path
            _ = try await session.exec("mkdir -p \(ShellQuote.posix((remote as NSString).deletingLastPathComponent))")
            let written = try await session.write(localFile: local.path, to: remote, permissions: 0o640)
            #expect(written == bytes.count)
            let expected = try await runProcess("/usr/bin/sha256sum", [local.path]).stdout.prefix(64)
            let hashed = try await session.exec("sha256sum -b -- \(ShellQuote.posix(remote))").stdoutText.prefix(64)
            #expect(hashed == expected)
            let mode = try await session.exec("stat -c %a \(ShellQuote.posix(remote))").stdoutText
            #expect(mode == "640\n")
            // Written at exactly that name: nothing beside it.
            let listing = try await session.exec("ls -A \(ShellQuote.posix((remote as NSString).deletingLastPathComponent))")
            #expect(listing.stdoutText == "it's here.bin\n")
            await session.close()
        }
    }

    @Test func two_hundred_concurrent_sessions_from_one_process() async throws {
        try await withServer { server in
            let clock = ContinuousClock()
            let start = clock.now
            let outputs = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let session = try await server.connect(server.options(timeout: .seconds(60)))
                        let result = try await session.exec("echo \(index)")
                        await session.close()
                        return result.stdoutText
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(outputs == Set((0..<200).map { "\($0)\n" }))
            print("200 concurrent sessions: \(clock.now - start)")
        }
    }
}
