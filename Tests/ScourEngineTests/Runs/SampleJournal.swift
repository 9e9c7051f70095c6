import Foundation
import ScourHost
import TestSupport
@testable import ScourEngine

/// A run's journal with every kind of line, every host and step status, every ending and every
/// restore status: `Tests/Fixtures/journal.jsonl` is these events as scour wrote them before its
/// statuses were typed (commit 2cbac68), one second apart from `start`. That file is never
/// rewritten: it is the old journal every later scour must still read.
enum SampleJournal {
    static let fixture = ScourCLI.packageRoot.appending(path: "Tests/Fixtures/journal.jsonl")
    static let start = Date(timeIntervalSince1970: 1_795_500_000)

    /// When line `index` (from 0) was written.
    static func time(ofLine index: Int) -> Date { start.addingTimeInterval(Double(index)) }

    /// The run the journal belongs to: four steps of four kinds over three waves.
    static func record() throws -> RunRecord {
        var record = try sampleRunRecord(id: "20261125-060000-5a3e", waves: [["a", "b", "c", "d"], ["e", "f", "g", "h", "k"], ["i"]])
        record.steps = [("backdoors", "remove_files"), ("worm_mappings", "strip_mappings"), ("clear_memory", "reboot"), ("tidy", "run")]
            .map { RunRecord.StepRecord(name: $0.0, kind: $0.1) }
        return record
    }

    static let quarantined = QuarantinedFile(path: "/var/www/scripts/root.exe", storedAs: "1-0", size: 12, sha256: String(repeating: "ab", count: 32),
                                             mode: "755", owner: "root", group: "www-data", mtime: 1_700_000_000)
    static let edit = ConfigEdit(path: "/etc/apache2/sites-enabled/000-default.conf",
                                 backup: "/var/lib/scour/backup/20261125-060000-5a3e/%etc%apache2%sites-enabled%000-default.conf",
                                 sha256Before: String(repeating: "cd", count: 32), sha256After: String(repeating: "ef", count: 32),
                                 mode: "644", owner: "root", group: "root", mtime: 1_700_000_001)
    static let worm = Detection(name: "codered_ii", matched: true, indicators: [
        IndicatorResult(indicator: "file /var/www/scripts/root.exe", matched: true),
        IndicatorResult(indicator: "content of /etc/apache2/sites-enabled/000-default.conf matches `\\.ida`", matched: false),
    ])
    static let nothing = Detection(name: "codered_ii", matched: false, indicators: [IndicatorResult(indicator: "file /var/www/scripts/root.exe", matched: false)])

    private static func step(_ name: String, _ kind: String, _ status: StepOutcome.Status, _ detail: String,
                             changes: [String] = [], elapsed: Int64 = 0) -> StepOutcome {
        StepOutcome(name: name, kind: kind, status: status, detail: detail, changes: changes, elapsedMilliseconds: elapsed)
    }

    static let events: [RunEvent] = {
        var failed = step("backdoors", "remove_files", .failed, "the quarantine script failed (exit 1)", elapsed: 500)
        failed.stdoutTail = "moving /var/www/scripts/root.exe\n"
        failed.stderrTail = "mv: cannot move '/var/www/scripts/root.exe': Permission denied\n"
        var stripped = step("worm_mappings", "strip_mappings", .changed, "2 mappings", changes: ["strip 2 mappings from /etc/apache2/sites-enabled/000-default.conf"],
                            elapsed: 300)
        stripped.configEdits = [edit]
        return [
            .runStarted(pid: 4242),
            .waveStarted(wave: 1, hosts: ["a", "b", "c", "d"]),
            // a: found and cured, every step through.
            .hostStarted(host: "a", wave: 1),
            .hostProbed(host: "a", detections: [worm]),
            .stepStarted(host: "a", step: "backdoors", kind: "remove_files", bootID: nil, quarantining: [quarantined]),
            .stepFinished(host: "a", step("backdoors", "remove_files", .changed, "1 file", changes: ["quarantine /var/www/scripts/root.exe"], elapsed: 800)),
            .stepStarted(host: "a", step: "worm_mappings", kind: "strip_mappings", bootID: nil, editing: [edit]),
            .stepFinished(host: "a", stripped),
            .stepStarted(host: "a", step: "clear_memory", kind: "reboot", bootID: "boot-a-1"),
            .stepFinished(host: "a", step("clear_memory", "reboot", .changed, "rebooted", elapsed: 40_000)),
            .stepFinished(host: "a", step("tidy", "run", .skipped, "when was false")),
            .hostFinished(host: "a", wave: 1, status: .changed, error: nil, elapsedMilliseconds: 42_000),
            // b: clean.
            .hostStarted(host: "b", wave: 1),
            .hostProbed(host: "b", detections: [nothing]),
            .stepFinished(host: "b", step("backdoors", "remove_files", .ok, "nothing to quarantine")),
            .stepFinished(host: "b", step("worm_mappings", "strip_mappings", .ok, "no mapping to strip")),
            .stepFinished(host: "b", step("clear_memory", "reboot", .skipped, "when was false")),
            .stepFinished(host: "b", step("tidy", "run", .ok, "unless held")),
            .hostFinished(host: "b", wave: 1, status: .ok, error: nil, elapsedMilliseconds: 2_000),
            // c: its first step failed; d: never reached.
            .hostStarted(host: "c", wave: 1),
            .hostProbed(host: "c", detections: [worm]),
            .stepStarted(host: "c", step: "backdoors", kind: "remove_files", bootID: nil, quarantining: []),
            .stepFinished(host: "c", failed),
            .hostFinished(host: "c", wave: 1, status: .failed, error: "step backdoors failed", elapsedMilliseconds: 1_500),
            .hostStarted(host: "d", wave: 1),
            .hostFinished(host: "d", wave: 1, status: .unreachable, error: "connection refused (3 attempts)", elapsedMilliseconds: 3_000),
            .waveFinished(RolloutRunner.WaveResult(index: 1, hosts: 4, ok: 1, changed: 1, failed: 1, unreachable: 1, failures: 2, allowedFailures: 1,
                                                   elapsedMilliseconds: 45_000)),
            .runEnded(.halted(afterWave: 1)),
            .runResumed(pid: 4343),
            .waveStarted(wave: 2, hosts: ["e", "f", "g", "h", "k"]),
            // e: changed since the plan; f: stopped between steps; g: stopped in a step; h: stopped
            // before its first step; k: recorded done with steps never run (as scour 0.1 did).
            .hostStarted(host: "e", wave: 2),
            .hostFinished(host: "e", wave: 2, status: .drifted, error: "drifted since the plan: file /opt/explorer.exe appeared", elapsedMilliseconds: 200),
            .hostStarted(host: "f", wave: 2),
            .hostProbed(host: "f", detections: [worm]),
            .stepFinished(host: "f", step("backdoors", "remove_files", .changed, "1 file", changes: ["quarantine /var/www/scripts/root.exe"])),
            .hostFinished(host: "f", wave: 2, status: .interrupted, error: "the run was interrupted", elapsedMilliseconds: 900),
            .hostStarted(host: "g", wave: 2),
            .hostProbed(host: "g", detections: [worm]),
            .stepFinished(host: "g", step("backdoors", "remove_files", .ok, "nothing to quarantine")),
            .stepStarted(host: "g", step: "worm_mappings", kind: "strip_mappings", bootID: nil, editing: [edit]),
            .hostStarted(host: "h", wave: 2),
            .hostStarted(host: "k", wave: 2),
            .stepFinished(host: "k", step("backdoors", "remove_files", .changed, "1 file", changes: ["quarantine /var/www/scripts/root.exe"])),
            .hostFinished(host: "k", wave: 2, status: .changed, error: nil, elapsedMilliseconds: 700),
            .runEnded(.interrupted),
            .runResumed(pid: 4444),
            .waveFinished(RolloutRunner.WaveResult(index: 2, hosts: 5, ok: 0, changed: 1, failed: 0, unreachable: 0, drifted: 1, interrupted: 1,
                                                   failures: 1, allowedFailures: 1, elapsedMilliseconds: 12_000)),
            .runEnded(.paused(afterWave: 2)),
            .runResumed(pid: 4545),
            .runEnded(.completed),
            // scour restore, one line a file, every outcome it records.
            .fileRestored(host: "a", path: "/var/www/scripts/root.exe", kind: nil, status: .restored, detail: nil),
            .fileRestored(host: "a", path: "/etc/apache2/sites-enabled/000-default.conf", kind: "config", status: .changedSince,
                          detail: "it is now SHA-256 0123; not overwritten"),
            .fileRestored(host: "a", path: "/etc/apache2/sites-enabled/000-default.conf", kind: "config", status: .alreadyRestored,
                          detail: "it has the original's bytes already"),
            .fileRestored(host: "c", path: "/opt/explorer.exe", kind: nil, status: .exists, detail: "something is at the path now; not overwritten"),
            .fileRestored(host: "f", path: "/var/www/scripts/root.exe", kind: nil, status: .hashMismatch, detail: "sha256 differs"),
            .fileRestored(host: "f", path: "/var/www/msadc/root.exe", kind: nil, status: .storedMissing, detail: "the quarantined copy is missing"),
            .fileRestored(host: "k", path: "/var/www/scripts/root.exe", kind: nil, status: .deleted, detail: "the step deleted it: nothing was kept"),
            .fileRestored(host: "k", path: "/var/www/msadc/root.exe", kind: nil, status: .failed, detail: "exit 2: no answer"),
        ]
    }()
}
