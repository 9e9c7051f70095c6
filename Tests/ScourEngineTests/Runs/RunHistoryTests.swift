import Foundation
import ScourCore
import Testing
@testable import ScourEngine

/// What resume learns from a journal: which hosts are done, which steps finished, which one
/// was acting (with the boot it was in), and what was detected first.
@Suite struct RunHistoryTests {
    private func entry(_ event: JournalEntry.Event, _ host: String? = nil, _ fill: (inout JournalEntry) -> Void = { _ in }) -> JournalEntry {
        var entry = JournalEntry(event)
        entry.host = host
        fill(&entry)
        return entry
    }

    private func finished(_ host: String, _ step: String, _ status: StepOutcome.Status) -> JournalEntry {
        .stepFinished(host: host, StepOutcome(name: step, kind: "run", status: status, detail: "d"))
    }

    @Test func replay_tells_done_hosts_finished_steps_and_the_step_in_flight() {
        let detection = Detection(name: "worm", matched: true, indicators: [IndicatorResult(indicator: "the file /x exists", matched: true)])
        let history = RunHistory(entries: [
            entry(.runStarted),
            entry(.waveStarted) { $0.wave = 1 },
            entry(.hostStarted, "a") { $0.wave = 1 },
            entry(.hostProbed, "a") { $0.detections = [detection] },
            finished("a", "one", .changed),
            entry(.hostFinished, "a") { $0.status = "changed" },
            entry(.hostStarted, "b") { $0.wave = 1 },
            entry(.hostProbed, "b") { $0.detections = [detection] },
            finished("b", "one", .changed),
            entry(.stepStarted, "b") { $0.step = "reboot"; $0.bootID = "boot-1" },
            entry(.hostStarted, "c") { $0.wave = 1 },
            finished("c", "one", .failed),
            entry(.hostFinished, "c") { $0.status = "failed" },
            // A later probe (on resume) does not replace what was detected first.
            entry(.hostProbed, "b") { $0.detections = [] },
        ])
        #expect(history.hosts["a"]?.isDone == true)
        #expect(history.hosts["b"]?.isDone == false)
        #expect(history.hosts["b"]?.completedStep("one")?.status == .changed)
        #expect(history.hosts["b"]?.steps["reboot"] == .inFlight(bootID: "boot-1"))
        #expect(history.hosts["b"]?.detections == [detection])
        #expect(history.hosts["c"]?.isDone == false, "a failed host is worked on again")
        #expect(history.hosts["c"]?.completedStep("one") == nil, "a failed step is tried again")
        #expect(history.startedWaves == [1])
        #expect(history.ending == nil)
        #expect(history.attempts == 1)
    }

    @Test func a_host_started_again_is_in_flight_until_it_finishes() {
        let history = RunHistory(entries: [
            entry(.hostStarted, "a"), entry(.hostFinished, "a") { $0.status = "failed" },
            entry(.runResumed), entry(.hostStarted, "a"),
        ])
        #expect(history.hosts["a"]?.status == nil)
        #expect(history.attempts == 1, "a resume without a start still counts as an attempt")
    }

    @Test func the_report_counts_hosts_per_wave_and_marks_unfinished_steps() throws {
        let record = try sampleRunRecord(steps: ["one", "two"], waves: [["a"], ["b", "c"]])
        let history = RunHistory(entries: [
            entry(.runStarted),
            entry(.hostStarted, "a") { $0.wave = 1 }, finished("a", "one", .ok), finished("a", "two", .changed),
            entry(.hostFinished, "a") { $0.status = "changed" },
            entry(.hostStarted, "b") { $0.wave = 2 }, finished("b", "one", .ok), entry(.stepStarted, "b") { $0.step = "two" },
        ])
        let report = RunReport(record: record, history: history, activeProcess: nil)
        #expect(report.state.contains("resumable"))
        #expect(report.waves.map(\.counts) == [["changed": 1], ["in_flight": 1, "not_run": 1]])
        let b = try #require(report.hosts.first { $0.name == "b" })
        #expect(b.steps.map(\.status) == ["ok", "in_flight"])
        #expect(report.hosts.first { $0.name == "c" }?.steps.map(\.status) == ["not_run", "not_run"])

        let junit = JUnitReport.render(report)
        #expect(junit.contains(#"<testsuite name="wave 2" tests="4" failures="0" errors="1" skipped="2""#))
        #expect(junit.contains(#"<testcase classname="b" name="two""#))
        let markdown = MarkdownReport.render(report)
        #expect(markdown.contains("| 2 | 2 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |"))
        #expect(markdown.contains("- **b** (in flight)"))
        #expect(markdown.contains("| in flight | not run | Time |"))
    }

    @Test func the_markdown_report_lists_hosts_that_did_the_same_together() throws {
        let record = try sampleRunRecord(waves: [["a", "b", "c"]])
        func changed(_ host: String, _ change: String) -> JournalEntry {
            .stepFinished(host: host, StepOutcome(name: "one", kind: "run", status: .changed, detail: "d", changes: [change]))
        }
        let history = RunHistory(entries: [changed("a", "run x"), changed("b", "run y"), changed("c", "run x")])
        let markdown = MarkdownReport.render(RunReport(record: record, history: history, activeProcess: nil))
        #expect(markdown.contains("### a, c\n\n- `one` (run): run x\n"), "\(markdown)")
        #expect(markdown.contains("### b\n\n- `one` (run): run y\n"))
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

    @Test func xml_text_is_escaped_and_controls_dropped() {
        #expect(JUnitReport.escape("a<b & \"c\">\u{1B}[31m\nd") == "a&lt;b &amp; &quot;c&quot;&gt;[31m&#10;d")
    }
}
