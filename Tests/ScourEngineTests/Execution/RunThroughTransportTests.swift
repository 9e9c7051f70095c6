import Foundation
import Logging
import ScourCore
@testable import ScourEngine
import ScourTransport
import Synchronization
import TestSupport
import Testing

/// The run's life through the `Transport` seam, with the real executor and scripts on this
/// machine (`LocalTransport`): interrupted with steps left, a host is never done, and a resume
/// runs exactly the steps left. (Ctrl-C between steps, mid-reboot, is proven on the lab.)
@Suite struct RunThroughTransportTests {
    private let local = LocalRun("run-transport")
    private var scratch: String { local.scratch }

    /// Two steps touching a file each by default; `third`, the text of a third step.
    private func makeRun(firstCommand: String? = nil, secondWhen: String = "true", third: String = "") throws -> (Run, RunInputs, HostConnector) {
        let playbook = """
            playbook "p" {
              platform = linux
              rollout {
                waves = [100%]
              }
              run "first" {
                command = "\(firstCommand ?? "touch \(scratch)/first")"
                unless  = "test -e \(scratch)/first"
              }
              run "second" {
                when    = \(secondWhen)
                command = "touch \(scratch)/second"
                unless  = "test -e \(scratch)/second"
              }
              \(third)
            }
            """
        return try local.make(playbook: playbook, hosts: ["here"], waves: [["here"]])
    }

    @Test func an_interrupted_host_with_steps_left_is_never_done_and_resume_runs_them_once() async throws {
        let (run, inputs, connector) = try makeRun()
        // Interrupt as the host starts: its probe runs, none of its steps does.
        let first = try await run.execute(inputs, connector: connector, logger: Logger(label: "test"), guardHost: nil) { event in
            if case .hostStarted = event { run.interrupt() }
        }
        #expect(first.ending == .interrupted)
        let host = try #require(first.hosts.first)
        #expect(host.status == .interrupted, "a host with a step left is never ok or changed")
        #expect(host.steps.map(\.status) == [.notRun, .notRun], "interrupted before its first step: \(host.steps)")
        #expect(try run.report().state.description == "interrupted")

        let reopened = try Run.open(root: scratch + "/runs", runID: run.runID)
        let resumption = try reopened.resumption()
        let second = try await reopened.execute(resumption.inputs, connector: connector, logger: Logger(label: "test"), guardHost: nil) { _ in }
        #expect(second.ending == .completed)
        #expect(second.hosts.first?.status == .changed)
        #expect(FileManager.default.fileExists(atPath: scratch + "/first") && FileManager.default.fileExists(atPath: scratch + "/second"))
        let starts = try reopened.history().events.filter { if case .stepStarted = $0 { true } else { false } }
        #expect(starts.count == 2, "each step acted once: \(starts)")
        #expect(throws: RunError.self) { try reopened.resumption() }
    }

    @Test func a_resumed_run_knows_which_steps_changed_the_host_in_the_earlier_attempt() async throws {
        let third = "run \"third\" {\n    when    = !step.first.changed\n    command = \"touch \(scratch)/third\"\n  }"
        // The first step waits for `go` after changing the host, so the interruption lands
        // exactly between it and the second step.
        let (run, inputs, connector) = try makeRun(
            firstCommand: "touch \(scratch)/first; while ! test -e \(scratch)/go; do sleep 0.05; done",
            secondWhen: "step.first.changed", third: third)
        let scratch = self.scratch
        let interrupter = Task {
            while !FileManager.default.fileExists(atPath: scratch + "/first") { try await Task.sleep(for: .milliseconds(20)) }
            run.interrupt()
            _ = FileManager.default.createFile(atPath: scratch + "/go", contents: nil)
        }
        let first = try await run.execute(inputs, connector: connector, logger: Logger(label: "test"), guardHost: nil) { _ in }
        try await interrupter.value
        #expect(first.hosts.first?.steps.map(\.status) == [.changed, .notRun, .notRun])
        let reopened = try Run.open(root: scratch + "/runs", runID: run.runID)
        let second = try await reopened.execute(try reopened.resumption().inputs, connector: connector, logger: Logger(label: "test"),
                                                guardHost: nil) { _ in }
        #expect(second.hosts.first?.steps.map(\.status) == [.changed, .changed, .skipped],
                "step.first.changed holds after the resume: \(second.hosts.first?.steps ?? [])")
        #expect(FileManager.default.fileExists(atPath: scratch + "/second"))
        #expect(!FileManager.default.fileExists(atPath: scratch + "/third"))
    }

    @Test func a_completed_host_has_every_step_on_record() async throws {
        let (run, inputs, connector) = try makeRun()
        try "".write(toFile: scratch + "/first", atomically: true, encoding: .utf8)
        let result = try await run.execute(inputs, connector: connector, logger: Logger(label: "test"), guardHost: nil) { _ in }
        #expect(result.ending == .completed)
        #expect(result.hosts.first?.steps.map(\.status) == [.ok, .changed])
        let history = try run.history()
        #expect(history.hosts["here"]?.isDone(steps: ["first", "second"]) == true)
    }

    @Test func a_step_whose_items_changed_since_the_saved_plan_drifts_and_the_others_go_on() async throws {
        let (run, inputs, connector) = try makeRun()
        let plans = await Planner(inputs: inputs).plan(connector: connector)
        #expect(plans.first?.steps.map(\.action) == [.change, .change])
        // Between plan and apply, someone else does the first step's work.
        try "".write(toFile: scratch + "/first", atomically: true, encoding: .utf8)
        let result = try await run.execute(inputs, connector: connector, logger: Logger(label: "test"),
                                           guardHost: HostGuard(plans: Dictionary(uniqueKeysWithValues: plans.map { ($0.name, $0) }))) { _ in }
        let host = try #require(result.hosts.first)
        #expect(host.steps.map(\.status) == [.drifted, .changed], "\(host.steps)")
        #expect(host.status == .drifted)
        let detail = host.steps[0].detail
        #expect(detail.contains("command test -e \(scratch)/first: exit 1 → exit 0"), "the drift names the step's item: \(detail)")
        #expect(detail.contains("predicted: change"), "\(detail)")
        #expect(FileManager.default.fileExists(atPath: scratch + "/second"))
    }

    @Test func a_host_not_in_the_saved_plan_is_left_alone() async throws {
        let (run, inputs, connector) = try makeRun()
        let result = try await run.execute(inputs, connector: connector, logger: Logger(label: "test"), guardHost: HostGuard(plans: [:])) { _ in }
        #expect(result.hosts.first?.status == .drifted)
        #expect(result.hosts.first?.steps.isEmpty == true)
        #expect(!FileManager.default.fileExists(atPath: scratch + "/first"))
    }

    @Test func after_a_command_the_model_cannot_settle_later_steps_act_on_what_they_find() async throws {
        // The first command does the second step's work. A command's effect is not modelled (the
        // plan's note says later steps assume the host as before it), so the second step is not
        // held to the first probe's prediction: it finds nothing to do, and does nothing.
        let (run, inputs, connector) = try makeRun(firstCommand: "touch \(scratch)/first \(scratch)/second")
        let result = try await run.execute(inputs, connector: connector, logger: Logger(label: "test"), guardHost: nil) { _ in }
        #expect(result.hosts.first?.steps.map(\.status) == [.changed, .ok])
        #expect(result.hosts.first?.status == .changed)
    }
}
