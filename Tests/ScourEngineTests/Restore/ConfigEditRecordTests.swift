import Foundation
import ScourCore
@testable import ScourEngine
import ScourHost
import Testing

/// The record of a config edit: read from what the replace script printed, carried on the step
/// outcome into its `step_finished` journal line, and read back for restore.
@Suite struct ConfigEditRecordTests {
    static let written = Array("Alias /icons/ \"/usr/share/apache2/icons/\"\n".utf8)
    static let line = #"SCOUR-BACKUP {"sha256":"\#(String(repeating: "a", count: 64))","written":"\#(SHA256.hex(of: written))","mode":"640","owner":"root","group":"www-data","mtime":1700000000}"#

    @Test func the_backup_line_becomes_the_record_with_the_sent_bytes_hash() throws {
        let edit = try ConfigEdit.parse("validator says ok\n" + Self.line + "\n", config: "/etc/a.conf", backup: "/b/%etc%a.conf", written: Self.written)
        #expect(edit == ConfigEdit(path: "/etc/a.conf", backup: "/b/%etc%a.conf", sha256Before: String(repeating: "a", count: 64),
                                   sha256After: SHA256.hex(of: Self.written), mode: "640", owner: "root", group: "www-data", mtime: 1700000000))
    }

    @Test func no_backup_line_or_other_bytes_written_fail_the_step() {
        #expect(throws: HostRecordError.self) { try ConfigEdit.parse("nothing\n", config: "/etc/a.conf", backup: "/b", written: Self.written) }
        #expect(throws: HostRecordError.self) { try ConfigEdit.parse("SCOUR-BACKUP {\n", config: "/etc/a.conf", backup: "/b", written: Self.written) }
        #expect(throws: HostRecordError.self) { try ConfigEdit.parse(Self.line, config: "/etc/a.conf", backup: "/b", written: Array("other".utf8)) }
    }

    @Test func the_journal_keeps_the_record_and_restore_takes_the_last_per_path() throws {
        let first = ConfigEdit(path: "/etc/a.conf", backup: "/b/1", sha256Before: "00", sha256After: "11", mode: "644", owner: "root", group: "root", mtime: 1)
        var second = first
        second.sha256After = "22"
        let other = ConfigEdit(path: "/etc/b.conf", backup: "/b/2", sha256Before: "33", sha256After: "44", mode: "600", owner: "root", group: "root", mtime: 2)
        var outcome = StepOutcome(name: "worm_mappings", kind: "strip_mappings", status: .changed, detail: "")
        outcome.configEdits = [first, other]
        let entries = [JournalEntry.stepFinished(host: "h1", outcome), JournalEntry.stepFinished(host: "h2", StepOutcome(name: "x", kind: "run", status: .changed, detail: "")),
                       JournalEntry.stepFinished(host: "h1", { var again = outcome; again.configEdits = [second]; return again }())]
        let encoder = JSONEncoder()
        let decoded = try entries.map { try JSONDecoder().decode(JournalEntry.self, from: encoder.encode($0)) }
        #expect(decoded[0].stepOutcome?.configEdits == [first, other])
        #expect(String(decoding: try encoder.encode(entries[1]), as: UTF8.self).contains("config_edits") == false, "absent when nothing was edited")
        #expect(RunHistory(events: decoded.compactMap(\.runEvent)).configEdits == ["h1": [other, second]])
    }

    /// Before an edit the journal records what it is about to do (`step_started`): what
    /// restore falls back on when the step never finished or failed, and what a finished step's
    /// own record replaces.
    @Test func an_edit_announced_at_its_start_is_on_record_until_its_end_says_more() throws {
        let planned = ConfigEdit.planned("/etc/a.conf", from: Array("old\n".utf8), to: Array("new\n".utf8), run: "r1", platform: .linux)
        #expect(planned.backup == ConfigEdit.backupPath(of: "/etc/a.conf", run: "r1", platform: .linux))
        #expect(planned.sha256Before == SHA256.hex(of: Array("old\n".utf8)) && planned.sha256After == SHA256.hex(of: Array("new\n".utf8)))
        #expect(planned.mode == nil && planned.mtime == nil)
        var made = planned
        (made.mode, made.owner, made.group, made.mtime) = ("640", "root", "root", 7)
        let start = RunEvent.stepStarted(host: "h1", step: "strip", kind: "strip_mappings", bootID: nil, editing: [planned])
        var finished = StepOutcome(name: "strip", kind: "strip_mappings", status: .changed, detail: "")
        finished.configEdits = [made]
        let failed = StepOutcome(name: "strip", kind: "strip_mappings", status: .failed, detail: "validation failed")
        let read = { (events: [RunEvent]) in
            let lines = try events.map { try JSONEncoder().encode(JournalEntry($0, time: Date(timeIntervalSince1970: 0))) }
            return RunHistory(events: try lines.compactMap { try JSONDecoder().decode(JournalEntry.self, from: $0).runEvent }).configEdits
        }
        #expect(try read([.runStarted(pid: 1), start, .stepFinished(host: "h1", finished)]) == ["h1": [made]], "the step's own record")
        #expect(try read([.runStarted(pid: 1), start]) == ["h1": [planned]], "cut off: the controller died mid-step")
        #expect(try read([.runStarted(pid: 1), start, .runResumed(pid: 2), .stepFinished(host: "h1", StepOutcome(name: "strip", kind: "strip_mappings", status: .ok, detail: ""))])
                == ["h1": [planned]], "a resumed attempt that finds it done does not erase it")
        #expect(try read([.runStarted(pid: 1), start, .stepFinished(host: "h1", failed)]) == ["h1": [planned]],
                "a failed step that cannot say may have left it edited")
        var neverWritten = failed
        neverWritten.configEdits = []
        #expect(try read([.runStarted(pid: 1), start, .stepFinished(host: "h1", neverWritten)]) == [:],
                "a failed step that wrote nothing: no edit, so no backup to look for")
        #expect(try read([.runStarted(pid: 1), start, .stepFinished(host: "h1", finished),
                          .stepStarted(host: "h1", step: "strip2", kind: "strip_mappings", bootID: nil, editing: [planned]),
                          .stepFinished(host: "h1", { var never = neverWritten; never.name = "strip2"; return never }())]) == ["h1": [made]],
                "an earlier step's edit of the same file stays on record")
        // A file edited again later keeps its first original, whose backup the run made.
        let again = ConfigEdit.planned("/etc/a.conf", from: Array("new\n".utf8), to: Array("newer\n".utf8), run: "r1", platform: .linux)
        var expected = again
        (expected.sha256Before, expected.mode, expected.owner, expected.group, expected.mtime) = (made.sha256Before, "640", "root", "root", 7)
        #expect(try read([.runStarted(pid: 1), start, .stepFinished(host: "h1", finished),
                          .stepStarted(host: "h1", step: "strip2", kind: "strip_mappings", bootID: nil, editing: [again])]) == ["h1": [expected]])
    }
}
