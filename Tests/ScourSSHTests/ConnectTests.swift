import Foundation
import Logging
import ScourEngine
import ScourLab
import ScourSSH
import TestSupport
import Testing

@Suite(.needs(.sshd), .serialized)
struct ConnectTests {
    @Test(arguments: ["ed25519", "ecdsa", "encrypted"])
    func key_files_authenticate(kind: String) async throws {
        try await withServer { server in
            let identity: SSHIdentity = switch kind {
            case "ed25519": .keyFile(path: server.ed25519Key, passphrase: nil)
            case "ecdsa": .keyFile(path: server.ecdsaKey, passphrase: nil)
            default: .keyFile(path: server.encryptedKey, passphrase: server.encryptedKeyPassphrase)
            }
            let session = try await server.connect(server.options([identity]))
            #expect(try await session.exec("whoami").stdoutText == "root\n")
            await session.close()
        }
    }

    @Test func an_ssh_agent_holding_the_key_authenticates() async throws {
        try await withServer { server in
            let socket = server.directory.appendingPathComponent("agent.sock").path
            let agent = try DaemonProcess.spawn("/usr/bin/ssh-agent", ["-D", "-a", socket])
            try afterTheTest { await agent.terminate() }
            let deadline = ContinuousClock.now + .seconds(5)
            while !FileManager.default.fileExists(atPath: socket) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let empty = await sshError { _ = try await server.connect(server.options([.agent(socket: socket)])) }
            #expect(empty?.kind == .authenticationFailed, "an empty agent has no key to offer")
            #expect(empty?.message.contains("ssh-agent at \(socket): holds no keys") == true, "\(empty?.message ?? "")")

            let added = try await runProcess("/usr/bin/ssh-add", [server.ecdsaKey], environment: ["SSH_AUTH_SOCK": socket])
            #expect(added.status == 0, "\(added.stderr)")
            let session = try await server.connect(server.options([.agent(socket: socket)]))
            #expect(try await session.exec("whoami").stdoutText == "root\n")
            await session.close()
        }
    }

    @Test func identities_are_tried_in_order_until_one_is_accepted() async throws {
        try await withServer { server in
            let session = try await server.connect(server.options([
                .keyFile(path: server.strangerKey, passphrase: nil), .keyFile(path: server.ed25519Key, passphrase: nil),
            ]))
            #expect(try await session.exec("true").succeeded)
            await session.close()
        }
    }

    @Test func a_wrong_key_is_refused_permanently() async throws {
        try await withServer { server in
            let error = await sshError { _ = try await server.connect(server.options([.keyFile(path: server.strangerKey, passphrase: nil)])) }
            #expect(error?.kind == .authenticationFailed)
            #expect(error?.isTransient == false)
            #expect(error?.message.contains("stranger_ed25519") == true)
            #expect(error?.message.contains("publickey") == true)
        }
    }

    @Test func an_encrypted_key_without_its_passphrase_says_so() async throws {
        try await withServer { server in
            let error = await sshError { _ = try await server.connect(server.options([.keyFile(path: server.encryptedKey, passphrase: nil)])) }
            #expect(error?.kind == .authenticationFailed)
            #expect(error?.message.contains("passphrase") == true)
        }
    }

    @Test func an_rsa_key_refused_by_a_modern_server_explains_the_libssh2_limit() async throws {
        try await withServer { server in
            // OpenSSH 8.8+ refuses ssh-rsa (SHA-1) signatures, the only kind libssh2 1.10 makes.
            let error = await sshError { _ = try await server.connect(server.options([.keyFile(path: server.rsaKey, passphrase: nil)])) }
            #expect(error?.kind == .authenticationFailed)
            #expect(error?.message.contains("ssh-rsa (SHA-1)") == true)
            #expect(error?.message.contains("ed25519") == true)
        }
    }

    @Test func an_unknown_host_is_refused_in_strict_mode() async throws {
        try await withServer { server in
            let empty = server.directory.appendingPathComponent("empty_known_hosts").path
            let error = await sshError { _ = try await server.connect(server.options(knownHosts: empty)) }
            #expect(error?.kind == .hostKeyUnknown)
            #expect(error?.isTransient == false)
            #expect(error?.message.contains("ssh-ed25519 SHA256:") == true)
            #expect(error?.message.contains(empty) == true)
            #expect(error?.message.contains("--accept-new-host-keys") == true)
        }
    }

    @Test func a_changed_host_key_is_refused_with_where_the_old_one_is() async throws {
        try await withServer { server in
            let forged = server.directory.appendingPathComponent("forged_known_hosts").path
            let other = try String(contentsOfFile: server.strangerKey + ".pub", encoding: .utf8).split(separator: " ")
            try "# a comment line\n[127.0.0.1]:\(server.port) \(other[0]) \(other[1])\n".write(toFile: forged, atomically: true, encoding: .utf8)
            for policy in [HostKeyPolicy.strict, .acceptNew] {
                let error = await sshError { _ = try await server.connect(server.options(knownHosts: forged, policy: policy)) }
                #expect(error?.kind == .hostKeyMismatch)
                #expect(error?.message.contains("\(forged):2") == true)
            }
            // accept-new never replaced the recorded key.
            #expect(try String(contentsOfFile: forged, encoding: .utf8).split(separator: "\n").count == 2)
        }
    }

    @Test func accept_new_records_the_key_and_later_strict_connects_succeed() async throws {
        try await withServer { server in
            let file = server.directory.appendingPathComponent("new/known_hosts").path
            let first = try await server.connect(server.options(knownHosts: file, policy: .acceptNew))
            await first.close()
            let recorded = try String(contentsOfFile: file, encoding: .utf8)
            let serverKey = server.hostPublicKey.split(separator: " ")
            #expect(recorded == "[127.0.0.1]:\(server.port) \(serverKey[0]) \(serverKey[1])\n")
            let second = try await server.connect(server.options(knownHosts: file, policy: .strict))
            #expect(try await second.exec("true").succeeded)
            await second.close()
            // OpenSSH's own client accepts the line Scour wrote.
            let ssh = try await runProcess("/usr/bin/ssh", [
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=\(file)",
                "-i", server.ed25519Key, "-p", "\(server.port)", "root@127.0.0.1", "true",
            ])
            #expect(ssh.status == 0, "\(ssh.stderr)")
        }
    }

    @Test func a_refused_port_is_transient() async throws {
        try await withServer { server in
            // A port bound here and never listened on refuses every connection, and no other
            // test's server can take it meanwhile (a stopped server's port could be: the full
            // suite once answered on it, and the error read "disconnected").
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            try #require(bound, "bind a loopback port")
            let refusing = SSHTarget(host: "127.0.0.1", port: Int(UInt16(bigEndian: address.sin_port)), user: server.user)
            let error = await sshError { _ = try await SSHSession.connect(to: refusing, options: server.options(), logger: Logger(label: "test")) }
            #expect(error?.kind == .connectionRefused)
            #expect(error?.isTransient == true)
        }
    }

    @Test func connect_timeout_on_a_hung_server_is_transient() async throws {
        // Timed in a process of its own: in a full run other suites hold the pool threads the task
        // resumes on, and the clock would be read late.
        try await inProcessOfItsOwn {
            try await withServer { server in
                server.signal(SIGSTOP)
                defer { server.signal(SIGCONT) }
                let clock = ContinuousClock()
                let start = clock.now
                let error = await sshError { _ = try await server.connect(server.options(timeout: .seconds(1))) }
                #expect(error?.kind == .timedOut)
                #expect(error?.isTransient == true)
                #expect(clock.now - start < .seconds(5))
            }
        }
    }

    @Test func close_returns_promptly_when_the_peer_hangs() async throws {
        // Timed in a process of its own: in a full run other suites hold the pool threads the task
        // resumes on, and the clock would be read late.
        try await inProcessOfItsOwn {
            try await withServer { server in
                let session = try await server.connect()
                // Stop every sshd process serving us (the listener and the per-connection ones).
                _ = try await runProcess("/usr/bin/pkill", ["-STOP", "-f", server.directory.path])
                let clock = ContinuousClock()
                let start = clock.now
                await session.close()
                #expect(clock.now - start < .seconds(3))
                _ = try? await runProcess("/usr/bin/pkill", ["-CONT", "-f", server.directory.path])
            }
        }
    }
}
