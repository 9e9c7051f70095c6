import Foundation
import Testing
@testable import ScourEngine

/// `journal.jsonl` on disk keeps its layout: a journal written by an older scour reads back as
/// the events it recorded, and every event is written as it always was, byte for byte.
@Suite struct JournalFormatTests {
    private func fixtureLines() throws -> [Substring] {
        let text = try String(contentsOf: SampleJournal.fixture, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        return text.split(separator: "\n")
    }

    @Test func a_journal_written_before_typed_statuses_still_loads() throws {
        let history = try RunHistory.read(path: SampleJournal.fixture.path)
        #expect(history.tornLine == nil)
        #expect(history.events == SampleJournal.events)
        #expect(history.startedAt == SampleJournal.start)
        #expect(history.lastEntryAt == SampleJournal.time(ofLine: SampleJournal.events.count - 1))
    }

    @Test func every_event_is_written_as_before() throws {
        let lines = try fixtureLines()
        #expect(lines.count == SampleJournal.events.count)
        for (index, (event, line)) in zip(SampleJournal.events, lines).enumerated() {
            let written = try Journal.encoder.encode(JournalEntry(event, time: SampleJournal.time(ofLine: index)))
            #expect(String(decoding: written, as: UTF8.self) == line, "line \(index + 1)")
        }
    }

    @Test(arguments: [
        (#"{"ending":"halted after wave 2","event":"run_ended","time":"2026-11-25T06:00:00.000Z"}"#, RunEvent.runEnded(.halted(afterWave: 2))),
        (#"{"ending":"paused after wave 12","event":"run_ended","time":"2026-11-25T06:00:00.000Z"}"#, .runEnded(.paused(afterWave: 12))),
        (#"{"ending":"completed","event":"run_ended","time":"2026-11-25T06:00:00.000Z"}"#, .runEnded(.completed)),
        (#"{"ending":"interrupted","event":"run_ended","time":"2026-11-25T06:00:00.000Z"}"#, .runEnded(.interrupted)),
        (#"{"event":"host_finished","host":"h1","status":"not_run","time":"2026-11-25T06:00:00.000Z","wave":3}"#,
         .hostFinished(host: "h1", wave: 3, status: .notRun, error: nil, elapsedMilliseconds: 0)),
    ])
    func an_old_line_reads_back(line: String, event: RunEvent) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scour-journal-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try (line + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try RunHistory.read(path: path).events == [event])
    }

    @Test(arguments: [
        #"{"ending":"halted after wave two","event":"run_ended","time":"2026-11-25T06:00:00.000Z"}"#,
        #"{"ending":"stopped","event":"run_ended","time":"2026-11-25T06:00:00.000Z"}"#,
        #"{"event":"step_finished","host":"h1","status":"in_flight","step":"s","time":"2026-11-25T06:00:00.000Z"}"#,
        #"{"event":"file_restored","host":"h1","path":"/x","status":"put_back","time":"2026-11-25T06:00:00.000Z"}"#,
    ])
    func a_line_with_an_unknown_status_is_damage(line: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scour-journal-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try (line + "\n" + #"{"event":"run_started","pid":1,"time":"2026-11-25T06:00:01.000Z"}"# + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: RunError.self) { try RunHistory.read(path: path) }
    }
}
