import Foundation
import ScourCore
import Testing
@testable import ScourEngine

/// What resume learns from a journal: which hosts are done, which steps finished, which one
/// was acting (with the boot it was in), and what was detected first.
@Suite struct RunHistoryTests {
    private func finished(_ host: String, _ step: String, _ status: StepOutcome.Status) -> RunEvent {
        .stepFinished(host: host, StepOutcome(name: step, kind: "run", status: status, detail: "d"))
    }

    private func hostFinished(_ host: String, _ status: HostOutcome.Status) -> RunEvent {
        .hostFinished(host: host, wave: 0, status: status, error: nil, elapsedMilliseconds: 0)
    }

    @Test func replay_tells_done_hosts_finished_steps_and_the_step_in_flight() {
        let detection = Detection(name: "worm", matched: true, indicators: [IndicatorResult(indicator: "the file /x exists", matched: true)])
        let history = RunHistory(events: [
            .runStarted(pid: 1),
            .waveStarted(wave: 1, hosts: ["a", "b", "c"]),
            .hostStarted(host: "a", wave: 1),
            .hostProbed(host: "a", detections: [detection]),
            finished("a", "one", .changed),
            hostFinished("a", .changed),
            .hostStarted(host: "b", wave: 1),
            .hostProbed(host: "b", detections: [detection]),
            finished("b", "one", .changed),
            .stepStarted(host: "b", step: "reboot", kind: "reboot", bootID: "boot-1"),
            .hostStarted(host: "c", wave: 1),
            finished("c", "one", .failed),
            hostFinished("c", .failed),
            // A later probe (on resume) does not replace what was detected first.
            .hostProbed(host: "b", detections: []),
        ])
        #expect(history.hosts["a"]?.isDone(steps: ["one"]) == true)
        #expect(history.hosts["b"]?.isDone(steps: ["one", "reboot"]) == false)
        #expect(history.hosts["b"]?.completedStep("one")?.status == .changed)
        #expect(history.hosts["b"]?.steps["reboot"] == .inFlight(bootID: "boot-1"))
        #expect(history.hosts["b"]?.detections == [detection])
        #expect(history.hosts["c"]?.isDone(steps: ["one"]) == false, "a failed host is worked on again")
        #expect(history.hosts["c"]?.completedStep("one") == nil, "a failed step is tried again")
        #expect(history.startedWaves == [1])
        #expect(history.ending == nil)
        #expect(history.attempts == 1)
    }

    @Test func a_host_started_again_is_in_flight_until_it_finishes() {
        let history = RunHistory(events: [
            .hostStarted(host: "a", wave: 1), hostFinished("a", .failed),
            .runResumed(pid: 1), .hostStarted(host: "a", wave: 1),
        ])
        #expect(history.hosts["a"]?.status == nil)
        #expect(history.attempts == 1, "a resume without a start still counts as an attempt")
    }

    @Test func the_report_counts_hosts_per_wave_and_marks_unfinished_steps() throws {
        let record = try sampleRunRecord(steps: ["one", "two"], waves: [["a"], ["b", "c"]])
        let history = RunHistory(events: [
            .runStarted(pid: 1),
            .hostStarted(host: "a", wave: 1), finished("a", "one", .ok), finished("a", "two", .changed),
            hostFinished("a", .changed),
            .hostStarted(host: "b", wave: 2), finished("b", "one", .ok),
            .stepStarted(host: "b", step: "two", kind: "run", bootID: nil),
        ])
        let report = RunReport(record: record, history: history, activeProcess: nil)
        #expect(report.state.description.contains("resumable"))
        #expect(report.waves.map(\.counts) == [[.changed: 1], [.inFlight: 1, .notRun: 1]])
        let b = try #require(report.hosts.first { $0.name == "b" })
        #expect(b.steps.map(\.status) == [.ok, .inFlight])
        #expect(report.hosts.first { $0.name == "c" }?.steps.map(\.status) == [.notRun, .notRun])

        let junit = JUnitReport.render(report)
        #expect(junit.contains(#"<testsuite name="wave 2" tests="4" failures="0" errors="3" skipped="0""#),
                "the step in flight and the never-started host's steps should have run: errors, not skipped")
        #expect(junit.contains(#"<testcase classname="b" name="two""#))
        let markdown = MarkdownReport.render(report)
        #expect(markdown.contains("| 2 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |"))
        #expect(markdown.contains("- **b** (in flight)"))
        #expect(markdown.contains("| interrupted | in flight | not run | Time |"))
    }

    @Test func the_markdown_report_lists_hosts_that_did_the_same_together() throws {
        let record = try sampleRunRecord(waves: [["a", "b", "c"]])
        func changed(_ host: String, _ change: String) -> RunEvent {
            .stepFinished(host: host, StepOutcome(name: "one", kind: "run", status: .changed, detail: "d", changes: [change]))
        }
        let history = RunHistory(events: [changed("a", "run x"), changed("b", "run y"), changed("c", "run x")])
        let markdown = MarkdownReport.render(RunReport(record: record, history: history, activeProcess: nil))
        #expect(markdown.contains("### a, c\n\n- `one` (run): `run x`\n"), "\(markdown)")
        #expect(markdown.contains("### b\n\n- `one` (run): `run y`\n"))
    }

    @Test func a_recorded_rollout_reads_back_as_it_was() {
        var rollout = Rollout()
        rollout.waves = [.count(2), .percent(25), .percent(100)]
        rollout.maxFailures = .count(3)
        rollout.pause = .manual
        rollout.stepTimeout = .seconds(90)
        rollout.backoff = .milliseconds(1500)
        #expect(PlanDocument.RolloutRecord(rollout).rollout == rollout)
        rollout.pause = .duration(.seconds(30))
        #expect(PlanDocument.RolloutRecord(rollout).rollout == rollout)
    }

    @Test func a_host_recorded_done_with_a_step_never_run_is_interrupted_and_the_run_incomplete() throws {
        // As scour 0.1 recorded a Ctrl-C between steps: the host "changed", its last step never run.
        let record = try sampleRunRecord(steps: ["one", "two"], waves: [["a", "b"]])
        let history = RunHistory(events: [
            .runStarted(pid: 1),
            .hostStarted(host: "a", wave: 1), finished("a", "one", .changed), hostFinished("a", .changed),
            .hostStarted(host: "b", wave: 1), finished("b", "one", .ok), finished("b", "two", .failed), hostFinished("b", .failed),
            .runEnded(.completed),
        ])
        #expect(history.hosts["a"]?.isDone(steps: ["one", "two"]) == false, "resume must run `two` on a")
        let report = RunReport(record: record, history: history, activeProcess: nil)
        #expect(report.state.description.hasPrefix("incomplete: 1 host has steps left"), "\(report.state)")
        let a = try #require(report.hosts.first { $0.name == "a" })
        #expect(a.status == .interrupted)
        #expect(a.steps.last?.detail.contains("resume runs it") == true)
        let junit = JUnitReport.render(report)
        #expect(junit.contains(#"tests="4" failures="1" errors="1" skipped="0""#), "a's `two` never ran: an error; b's failed step: a failure. \(junit)")
    }

    @Test func a_step_left_after_a_failure_is_an_error_in_junit_and_skipped_only_when_its_condition_was_false() throws {
        let record = try sampleRunRecord(steps: ["one", "two", "three"], waves: [["a"]])
        let history = RunHistory(events: [
            .hostStarted(host: "a", wave: 1), finished("a", "one", .skipped), finished("a", "two", .failed), hostFinished("a", .failed),
            .runEnded(.completed),
        ])
        let junit = JUnitReport.render(RunReport(record: record, history: history, activeProcess: nil))
        #expect(junit.contains(#"tests="3" failures="1" errors="1" skipped="1""#), "\(junit)")
        #expect(junit.contains("not run: an earlier step failed"), "\(junit)")
    }
}
