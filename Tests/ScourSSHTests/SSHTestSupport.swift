import Foundation
import Logging
import ScourSSH
import Testing
import TestSupport

/// Runs `body` against a fresh loopback sshd, stopped afterwards whatever happens (by the test's
/// `.needs(.sshd)` if `body` throws).
func withServer(_ body: (LoopbackSSHServer) async throws -> Void) async throws {
    let server = try await LoopbackSSHServer()
    try await body(server)
    await server.stop()
}

extension LoopbackSSHServer {
    var target: SSHTarget { SSHTarget(host: "127.0.0.1", port: port, user: user) }

    func options(
        _ identities: [SSHIdentity]? = nil, knownHosts: String? = nil, policy: HostKeyPolicy = .strict,
        timeout: Duration = .seconds(10)
    ) -> SSHClientOptions {
        SSHClientOptions(
            knownHostsFile: knownHosts ?? knownHostsFile, hostKeyPolicy: policy,
            identities: identities ?? [.keyFile(path: ed25519Key, passphrase: nil)], connectTimeout: timeout)
    }

    func connect(_ options: SSHClientOptions? = nil) async throws -> SSHSession {
        try await SSHSession.connect(to: target, options: options ?? self.options(), logger: Logger(label: "test"))
    }
}

/// The SSHError a throwing call ended with (fails the test if it succeeded or threw another error).
func sshError(_ body: () async throws -> Void) async -> SSHError? {
    do {
        try await body()
        Issue.record("expected an SSHError, but the call succeeded")
    } catch let error as SSHError {
        return error
    } catch {
        Issue.record("expected an SSHError, got \(error)")
    }
    return nil
}
