import Foundation
import Logging
@testable import ScourSSH
import Testing
import TestSupport

/// Keepalives never break into a call. libssh2 1.10 sends its configured keepalive from inside
/// any blocking call that waits on the socket; when the call's own packet is half sent (the
/// socket full) the keepalive is refused and the call fails with "Unable to send keepalive
/// message". That happened to SFTP writes through a bastion whose pump was starved of CPU; here
/// the socket is filled for certain: a small send buffer and a server whose processes are stopped.
@Suite(.needs(.sshd), .serialized)
struct KeepaliveTests {
    @Test func a_write_waiting_on_a_full_socket_outlasts_keepalive_intervals() async throws {
        try await withServer { server in
            var settings = server.options()
            settings.keepaliveInterval = .seconds(1)
            let options = settings
            let core = SessionCore(target: server.target)
            let thread = SessionThread(name: "keepalive test", idleInterval: options.keepaliveInterval) { core.sendKeepalive() }
            defer { thread.stop() }
            try await thread.run { try core.connect(options: options, logger: Logger(label: "test")) }
            var small: Int32 = 4096
            setsockopt(core.socket, SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<Int32>.size))

            let local = server.directory.appendingPathComponent("payload").path
            let size = 32 << 20
            #expect(FileManager.default.createFile(atPath: local, contents: Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 11) })))
            let remote = server.directory.appendingPathComponent("arrived").path
            // Found before the transfer (internal-sftp runs in the connection's own processes):
            // looking them up takes seconds on a loaded machine, while the transfer goes on.
            let stopped = try await Self.sessionProcesses(of: server)
            let upload = Task { try await thread.run { try core.sftpWrite(localFile: local, to: remote, permissions: 0o600) } }
            // Mid-transfer, the server stops reading: the socket fills, the write waits on it.
            func arrived() -> Int { ((try? FileManager.default.attributesOfItem(atPath: remote))?[.size] as? Int) ?? 0 }
            let started = ContinuousClock.now
            // Polled without yielding: in a full-suite run the pool's threads may be held for
            // seconds by other suites, and a yielding wait would wake after the transfer ended.
            while arrived() < 1 << 20 && ContinuousClock.now - started < .seconds(60) { usleep(5000) }
            for pid in stopped { kill(pid, SIGSTOP) }
            #expect(!stopped.isEmpty && arrived() < size, "stopped in the middle of the transfer")
            // Long enough for several keepalives to fall due while the write waits.
            try await Task.sleep(for: .seconds(4))
            for pid in stopped { kill(pid, SIGCONT) }
            #expect(try await upload.value == size)
            #expect(try await runProcess("/usr/bin/cmp", [local, remote]).status == 0)

            // Idle now: the thread's own keepalives go out, and the session stays usable.
            try await Task.sleep(for: .milliseconds(2500))
            #expect(core.isOpen)
            let result = try await thread.run {
                try core.exec("echo alive", sudo: nil, stdin: nil, timeout: .seconds(30), stdoutLimit: .standard, stderrLimit: .standard)
            }
            #expect(result.stdoutText == "alive\n")
            _ = try? await thread.run { core.close() }
        }
    }

    /// Every process under the server's listener: those serving this test's connection (the
    /// SFTP server runs inside them), so stopping them stops all reading from its socket.
    static func sessionProcesses(of server: LoopbackSSHServer) async throws -> [Int32] {
        let listening = try await runProcess("/usr/bin/ss", ["-Htlnp", "( sport = :\(server.port) )"]).stdout
        guard let range = listening.range(of: #"pid=(\d+)"#, options: .regularExpression),
              let listener = Int32(listening[range].dropFirst(4)) else { throw FixtureError("no listener on \(server.port): \(listening)") }
        var found: [Int32] = [], parents = [listener]
        while let parent = parents.popLast() {
            let children = try await runProcess("/usr/bin/pgrep", ["-P", "\(parent)"]).stdout.split(separator: "\n").compactMap { Int32($0) }
            found += children
            parents += children
        }
        return found
    }
}
