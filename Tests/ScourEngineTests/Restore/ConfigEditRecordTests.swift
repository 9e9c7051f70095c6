import Foundation
import ScourCore
import Testing
@testable import ScourEngine

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
        #expect(throws: StepFailure.self) { try ConfigEdit.parse("nothing\n", config: "/etc/a.conf", backup: "/b", written: Self.written) }
        #expect(throws: StepFailure.self) { try ConfigEdit.parse("SCOUR-BACKUP {\n", config: "/etc/a.conf", backup: "/b", written: Self.written) }
        #expect(throws: StepFailure.self) { try ConfigEdit.parse(Self.line, config: "/etc/a.conf", backup: "/b", written: Array("other".utf8)) }
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
}
