import Foundation
import ScourEngine
import Testing
import TestSupport

/// `scour exec --timeout` and apply's `--step-timeout` return at their deadline: abandoning the
/// command does not wait for the host to close the channel (it did, and came back about 4 s late).
/// Durations are the programs' own (`LocalCommand.Result.duration`), held to a baseline taken in
/// the same test, so another build on the machine does not fail them.
@Suite(.needs(.lab))
struct ExecTimeoutOnLabTests {
    @Test func a_timed_out_command_returns_on_time_and_says_so() async throws {
        let lab = try await LabFixture(hosts: 1)
        // What a host's exec of a command that ends at once costs here now (connecting, running,
        // reporting), as scour times it (starting the process is left out: a loaded machine
        // stretches that most): the timed-out one may take its second, a second more, and twice that.
        let quick = try await lab.exec("true", ["--format", "json"])
        #expect(quick.status == 0, "\(quick.stderr)")
        let quickHost = try ExecReportJSON(quick).host("h01")
        let result = try await lab.exec("sleep 30", ["--timeout", "1s", "--format", "json"])
        #expect(result.status == 1)
        let host = try ExecReportJSON(result).host("h01")
        #expect(host.elapsed_ms < 2000 + quickHost.elapsed_ms * 2,
                "the host's exec with --timeout 1s took \(host.elapsed_ms) ms, an exec of true \(quickHost.elapsed_ms) ms")
        #expect(host.status == "failed")
        #expect(host.error_kind == "commandTimedOut")
        #expect(host.error?.contains("still running after 1") == true, "\(host.error ?? "no error")")
    }

    @Test func a_step_past_its_step_timeout_fails_on_time() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "clean")
        let playbook = lab.directory + "/slow.scour"
        try """
            playbook "slow" {
              platform = linux
              run "slow" {
                command = "sleep 30"
              }
            }
            """.write(toFile: playbook, atomically: true, encoding: .utf8)
        let result = try await ScourCLI.run(["apply", playbook, "-i", lab.inventory, "--known-hosts", lab.knownHosts,
                                       "--step-timeout", "2s", "--format", "json"])
        #expect(result.status != 0, "\(result.stderr)")  // 1, or 3 while a one-wave run counts as halted (issue 14)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let hosts = try JSONDecoder().decode([HostOutcome].self, from: JSONSerialization.data(withJSONObject: object?["hosts"] ?? []))
        let step = try #require(hosts.first?.steps.first { $0.name == "slow" })
        #expect(step.status == .failed)
        #expect(step.detail.contains("still running after 2"), "\(step.detail)")
        #expect(step.elapsedMilliseconds < 2700, "the step took \(step.elapsedMilliseconds) ms with a 2 s timeout")
    }
}
