import Foundation
import Testing
import TestSupport
@testable import ScourEngine

/// The reports of a run, pinned byte for byte: markdown, JSON and JUnit of the sample journal
/// (`SampleJournal`: every host, step and restore status), and the run's state in words for
/// every way a run can stand. `SCOUR_UPDATE_GOLDENS=1` rewrites them.
@Suite struct ReportGoldenTests {
    static let directory = ScourCLI.packageRoot.appending(path: "Tests/Golden/Reports")

    private func sampleReport() throws -> RunReport {
        RunReport(record: try SampleJournal.record(), history: try RunHistory.read(path: SampleJournal.fixture.path), activeProcess: nil)
    }

    private func expectGolden(_ rendered: String, _ file: String) throws {
        let url = Self.directory.appending(path: file)
        if ProcessInfo.processInfo.environment["SCOUR_UPDATE_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try Data(rendered.utf8).write(to: url)
        }
        #expect(rendered == (try String(contentsOf: url, encoding: .utf8)), "run with SCOUR_UPDATE_GOLDENS=1 and review the diff")
    }

    @Test func markdown_matches_golden() throws {
        try expectGolden(MarkdownReport.render(try sampleReport()), "sample.md")
    }

    @Test func json_matches_golden() throws {
        try expectGolden(String(decoding: try sampleReport().encoded(), as: UTF8.self) + "\n", "sample.json")
    }

    @Test func junit_matches_golden() throws {
        try expectGolden(JUnitReport.render(try sampleReport()), "sample.xml")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint"), "needs xmllint (libxml2-utils)"))
    func junit_is_valid_against_the_schema() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("scour-junit-\(UUID().uuidString).xml").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try JUnitReport.render(try sampleReport()).write(toFile: file, atomically: true, encoding: .utf8)
        let schema = ScourCLI.packageRoot.appending(path: "Tests/Fixtures/junit.xsd").path
        let validation = try runProcess("/usr/bin/xmllint", ["--noout", "--schema", schema, file])
        #expect(validation.status == 0, "\(validation.stderr)")
    }

    /// The state line of a run at each point of its life: running, not started, each ending,
    /// complete but with steps left, and died without an end.
    @Test func states_match_golden() throws {
        let record = try sampleRunRecord(steps: ["one"], waves: [["a", "b"]])
        let done: [RunEvent] = [
            .runStarted(pid: 1),
            .stepFinished(host: "a", StepOutcome(name: "one", kind: "run", status: .ok, detail: "")),
            .hostFinished(host: "a", wave: 1, status: .ok, error: nil, elapsedMilliseconds: 0),
            .stepFinished(host: "b", StepOutcome(name: "one", kind: "run", status: .failed, detail: "")),
            .hostFinished(host: "b", wave: 1, status: .failed, error: nil, elapsedMilliseconds: 0),
        ]
        let cases: [(String, [RunEvent], Int32?)] = [
            ("running", [.runStarted(pid: 7)], 7),
            ("not started", [], nil),
            ("completed", done + [.runEnded(.completed)], nil),
            ("halted", done + [.runEnded(.halted(afterWave: 1))], nil),
            ("paused", done + [.runEnded(.paused(afterWave: 1))], nil),
            ("interrupted", [.runStarted(pid: 1), .runEnded(.interrupted)], nil),
            ("one host left", Array(done.prefix(3)) + [.runEnded(.completed)], nil),
            ("two hosts left", [.runStarted(pid: 1), .runEnded(.completed)], nil),
            ("died", done, nil),
        ]
        let lines = cases.map { name, events, process in
            "\(name): \(RunReport(record: record, history: RunHistory(events: events), activeProcess: process).state)\n"
        }
        try expectGolden(lines.joined(), "states.txt")
    }
}
