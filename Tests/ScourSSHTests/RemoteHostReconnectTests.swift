import Foundation
import Logging
import ScourCore
@testable import ScourEngine
import ScourSSH
import Testing
import TestSupport

/// A command past its timeout takes its session with it; the executor's next step on that host
/// must get a new session by itself, not the dead one.
@Suite(.needs(.sshd), .serialized)
struct RemoteHostReconnectTests {
    @Test func the_next_script_after_a_timeout_reconnects() async throws {
        try await withServer { server in
            let host = InventoryHost(name: "loopback", address: "127.0.0.1", port: server.port, user: server.user,
                                     privateKeyFile: server.ed25519Key)
            let settings = ConnectionSettings(knownHostsFile: server.knownHostsFile, retry: RetryPolicy(retries: 0, base: .seconds(1)),
                                              homeDirectory: server.directory.path)
            let remote = RemoteHost(host: host, connector: HostConnector(settings: settings, logger: Logger(label: "test")))
            let first = try await remote.connected()
            do {
                _ = try await remote.runScript("sleep 30\n", timeout: .seconds(1))
                Issue.record("sleep 30 finished within a 1 s timeout")
            } catch let error as SSHError {
                #expect(error.kind == .commandTimedOut)
            }
            #expect(!first.isOpen)
            let result = try await remote.runScript("echo back\n", timeout: .seconds(10))
            #expect(result.stdoutText == "back\n")
            #expect(try await remote.connected() !== first)
            await remote.disconnect()
        }
    }
}
