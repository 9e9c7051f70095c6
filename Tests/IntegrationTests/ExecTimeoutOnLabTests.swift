import Foundation
import Testing
import TestSupport

/// `scour exec --timeout` returns at its deadline: abandoning the command does not wait for the
/// host to close the channel (it did, and came back about 4 s late).
@Suite(.enabled(if: LabFixture.shouldRun, "needs root (runs in CI)"))
struct ExecTimeoutOnLabTests {
    @Test func a_timed_out_command_returns_on_time_and_says_so() throws {
        let lab = try LabFixture(hosts: 1)
        let clock = ContinuousClock()
        let start = clock.now
        let result = try lab.exec("sleep 30", ["--timeout", "1s", "--format", "json"])
        let elapsed = clock.now - start
        #expect(result.status == 1)
        #expect(elapsed < .milliseconds(2500), "scour exec --timeout 1s took \(elapsed)")
        let host = try ExecReportJSON(result).host("h01")
        #expect(host.status == "failed")
        #expect(host.error_kind == "commandTimedOut")
        #expect(host.error?.contains("still running after 1") == true, "\(host.error ?? "no error")")
    }
}
