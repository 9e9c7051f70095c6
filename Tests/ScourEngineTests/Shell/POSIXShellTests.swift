import Foundation
import Logging
import ScourCore
import Testing
@testable import ScourEngine

/// An action script followed by a probe in one exec must fail as the script alone would: a
/// step that stopped halfway is never reported done.
@Suite struct POSIXShellTests {
    private func remote() -> RemoteHost {
        RemoteHost(host: InventoryHost(name: "here", address: "127.0.0.1"),
                   connector: HostConnector(settings: ConnectionSettings(knownHostsFile: "/k", homeDirectory: "/tmp"), logger: Logger(label: "test"),
                                            dial: { _, _ in LocalTransport() }))
    }

    @Test func a_failure_in_the_middle_of_the_script_fails_the_combined_exec() async throws {
        let (result, observation) = try await remote().runScript("set -e\nfalse\necho reached >&2\n", thenProbe: [.facts], timeout: .seconds(10))
        #expect(!result.succeeded)
        #expect(!result.stderrText.contains("reached"), "set -e stopped the script")
        #expect(observation == nil)
    }

    @Test func a_script_that_succeeds_is_followed_by_its_probe() async throws {
        let (result, observation) = try await remote().runScript("echo acted\n", thenProbe: [.facts], timeout: .seconds(10))
        #expect(result.succeeded, "\(result.stderrText)")
        #expect(result.stderrText == "acted\n", "the script's output goes to stderr")
        #expect(observation?.facts?.bootID.isEmpty == false)
    }
}
