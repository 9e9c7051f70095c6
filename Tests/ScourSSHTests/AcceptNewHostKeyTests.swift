import Foundation
import ScourSSH
import Testing
import TestSupport

/// `--accept-new-host-keys` records keys of new hosts only: a host with any key on record, of
/// any type, plain or hashed, is known, and a key of another type is refused like a changed one
/// (issue 15, row 5: a spoofing host offering ECDSA where an ed25519 key is recorded).
@Suite(.needs(.sshd), .serialized)
struct AcceptNewHostKeyTests {
    /// A loopback sshd holding only an ECDSA host key, and a known_hosts recording an ed25519 key
    /// for it at line 3 (after a comment and another host's line), plain or hashed.
    private func withSpoofedHost(hashed: Bool, _ body: (LoopbackSSHServer, String) async throws -> Void) async throws {
        let server = try await LoopbackSSHServer(hostKeyType: "ecdsa")
        let recorded = try String(contentsOfFile: server.ed25519Key + ".pub", encoding: .utf8).split(separator: " ")
        let file = server.directory.appendingPathComponent("known_hosts_ed25519").path
        try """
            # the real host's key, recorded long ago
            192.0.2.7 \(recorded[0]) \(recorded[1])
            [127.0.0.1]:\(server.port) \(recorded[0]) \(recorded[1])

            """.write(toFile: file, atomically: true, encoding: .utf8)
        if hashed {
            let hash = try await runProcess("/usr/bin/ssh-keygen", ["-H", "-f", file])
            try #require(hash.status == 0, "\(hash.stderr)")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            try #require(text.contains("|1|") && !text.contains("127.0.0.1"), "ssh-keygen -H hashed the names: \(text)")
        }
        try await body(server, file)
    }

    @Test(arguments: [false, true])
    func a_key_of_another_type_is_refused_as_changed(hashed: Bool) async throws {
        try await withSpoofedHost(hashed: hashed) { server, file in
            let before = try Data(contentsOf: URL(fileURLWithPath: file))
            for policy in [HostKeyPolicy.acceptNew, .strict] {
                let error = await sshError { _ = try await server.connect(server.options(knownHosts: file, policy: policy)) }
                #expect(error?.kind == .hostKeyMismatch, "\(policy): \(error?.message ?? "")")
                let message = error?.message ?? ""
                #expect(message.contains("HOST KEY CHANGED"), "\(message)")
                #expect(message.contains("offered ecdsa-sha2-nistp256"), "\(message)")
                #expect(message.contains("\(file):3 records a ssh-ed25519 key"), "names the recorded line: \(message)")
                #expect(message.contains("hashed entry") == hashed, "\(message)")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == before, "known_hosts is unchanged")
        }
    }

    @Test func a_truly_new_host_is_still_recorded_and_then_trusted() async throws {
        let server = try await LoopbackSSHServer(hostKeyType: "ecdsa")
        let file = server.directory.appendingPathComponent("known_hosts_other").path
        let other = "[127.0.0.1]:\(server.port == 65535 ? 1 : server.port + 1) ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n"
        try other.write(toFile: file, atomically: true, encoding: .utf8)

        let session = try await server.connect(server.options(knownHosts: file, policy: .acceptNew))
        await session.close()
        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.last?.hasPrefix("[127.0.0.1]:\(server.port) ecdsa-sha2-nistp256 ") == true, "\(lines)")
        let serverKey = server.hostPublicKey.split(separator: " ")[1]
        #expect(lines.last?.hasSuffix(" \(serverKey)") == true, "the key recorded is the server's")

        let again = try await server.connect(server.options(knownHosts: file, policy: .strict))
        await again.close()
    }
}
