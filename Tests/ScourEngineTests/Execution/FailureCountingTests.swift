import Foundation
import Logging
import ScourCore
@testable import ScourEngine
import TestSupport
import Testing

/// What counts toward `max_failures`, with the real executor on this machine (`LocalTransport`):
/// a drifted host halts the rollout like a failed one, unless the run was told
/// `--drift-is-not-failure`; and a completed run with a failed host is resumed on that host.
@Suite struct FailureCountingTests {
    private let local = LocalRun("counting")
    private var scratch: String { local.scratch }

    /// Hosts `a` (wave 1) and `b` (wave 2), both this machine; no failure allowed per wave.
    private func makeRun(command: String, driftIsNotFailure: Bool = false) throws -> (Run, RunInputs, HostConnector) {
        let playbook = """
            playbook "p" {
              platform = linux
              rollout {
                waves        = [1, 100%]
                max_failures = 0
              }
              run "touch" {
                command = "\(command)"
              }
            }
            """
        return try local.make(playbook: playbook, hosts: ["a", "b"], waves: [["a"], ["b"]], driftIsNotFailure: driftIsNotFailure)
    }

    /// A saved plan of every host but `a`: `a` is left alone as drifted ("not in the plan").
    private func driftOnA(_ inputs: RunInputs, _ connector: HostConnector) async -> HostGuard {
        let plans = await Planner(inputs: inputs).plan(connector: connector)
        return HostGuard(plans: Dictionary(uniqueKeysWithValues: plans.filter { $0.name != "a" }.map { ($0.name, $0) }))
    }

    @Test func a_drifted_host_counts_toward_max_failures_and_halts_the_rollout() async throws {
        let (run, inputs, connector) = try makeRun(command: "true")
        let result = try await run.execute(inputs, connector: connector, logger: Logger(label: "test"), guardHost: await driftOnA(inputs, connector)) { _ in }
        #expect(result.ending == .halted(afterWave: 1))
        #expect(result.waves.first?.drifted == 1 && result.waves.first?.failures == 1, "\(result.waves)")
        #expect(result.hosts.map(\.status) == [.drifted, .notRun])
    }

    @Test func with_drift_is_not_failure_a_drifted_host_does_not_halt_the_rollout() async throws {
        let (run, inputs, connector) = try makeRun(command: "true", driftIsNotFailure: true)
        let result = try await run.execute(inputs, connector: connector, logger: Logger(label: "test"), guardHost: await driftOnA(inputs, connector)) { _ in }
        #expect(result.ending == .completed)
        #expect(result.waves.first?.drifted == 1 && result.waves.first?.failures == 0, "\(result.waves)")
        #expect(result.hosts.map(\.status) == [.drifted, .changed])
        #expect(try Run.open(root: scratch + "/runs", runID: run.runID).record.driftIsNotFailure == true, "recorded for resume")
    }

    @Test func a_completed_run_with_a_failed_host_is_resumed_on_that_host() async throws {
        // Fails until `go` exists: the last wave's failure does not halt, the run completes.
        let (run, inputs, connector) = try makeRun(command: "test -e \(scratch)/go")
        var result = try await run.execute(inputs, connector: connector, logger: Logger(label: "test"), guardHost: nil) { _ in }
        #expect(result.ending == .halted(afterWave: 1), "wave 1 failed past max_failures 0")
        var resumption = try Run.open(root: scratch + "/runs", runID: run.runID).resumption()
        try Data().write(to: URL(fileURLWithPath: scratch + "/go"))
        result = try await run.execute(resumption.inputs, connector: connector, logger: Logger(label: "test"), guardHost: nil) { _ in }
        #expect(result.ending == .completed)
        #expect(result.hosts.map(\.status) == [.changed, .changed], "the failed host was tried again: \(result.hosts)")

        // A completed run whose last wave failed is resumable too: only that host is worked on.
        let (again, againInputs, _) = try makeRun(command: "test -e \(scratch)/go2")
        try Data().write(to: URL(fileURLWithPath: scratch + "/go2"))
        result = try await again.execute(againInputs, connector: connector, logger: Logger(label: "test"), guardHost: nil) { event in
            if case .hostStarted(let name, _) = event, name == "b" { try? FileManager.default.removeItem(atPath: scratch + "/go2") }
        }
        #expect(result.ending == .completed)
        #expect(result.hosts.map(\.status) == [.changed, .failed])
        resumption = try Run.open(root: scratch + "/runs", runID: again.runID).resumption()
        try Data().write(to: URL(fileURLWithPath: scratch + "/go2"))
        let events = EventLog()
        result = try await again.execute(resumption.inputs, connector: connector, logger: Logger(label: "test"), guardHost: nil) { event in
            if case .hostStarted(let name, _) = event { events.append(name) }
        }
        #expect(result.ending == .completed)
        #expect(result.hosts.map(\.status) == [.changed, .changed])
        #expect(events.names == ["b"], "only the failed host is worked on again")
    }
}

extension FailureCountingTests {
    @Test func a_wave_journaled_before_failures_were_counted_reads_failed_and_unreachable() throws {
        let line = #"{"allowed_failures":0,"changed":0,"drifted":1,"elapsed_ms":5,"failed":1,"hosts":3,"index":1,"interrupted":0,"ok":0,"unreachable":1}"#
        let wave = try JSONDecoder().decode(RolloutRunner.WaveResult.self, from: Data(line.utf8))
        #expect(wave.failures == 2 && wave.unknown == 0 && wave.exceedsThreshold)
    }
}

/// Host names as the run started them.
private final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var started: [String] = []
    func append(_ name: String) { lock.withLock { started.append(name) } }
    var names: [String] { lock.withLock { started } }
}
