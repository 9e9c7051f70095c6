import Foundation
import Logging
import ScourSSH
import Testing
import TestSupport

/// Tests that need a real sshd run where one can be started, and always in CI.
let sshdAvailable = LoopbackSSHServer.unavailableReason == nil || LoopbackSSHServer.required

/// Runs `body` against a fresh loopback sshd, stopped afterwards whatever happens.
func withServer(_ body: (LoopbackSSHServer) async throws -> Void) async throws {
    let server = try LoopbackSSHServer()
    defer { server.stop() }
    try await body(server)
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
