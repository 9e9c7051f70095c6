import Foundation

/// One line of `journal.jsonl`: a transition of the run, a wave, a host or a host's step.
/// Flat, with only the fields the event needs, so the file reads well with `jq`.
public struct JournalEntry: Sendable, Codable, Equatable {
    public enum Event: String, Sendable, Codable {
        /// The run began (`apply`) or was taken up again (`resume`).
        case runStarted = "run_started", runResumed = "run_resumed"
        case waveStarted = "wave_started", waveFinished = "wave_finished"
        case hostStarted = "host_started"
        /// What the host's first probe found (`detections`), or on resume what was found before.
        case hostProbed = "host_probed"
        /// A step is about to act: written before anything changes on the host.
        case stepStarted = "step_started"
        /// A step ended: `status` is skipped, ok, changed or failed.
        case stepFinished = "step_finished"
        case hostFinished = "host_finished"
        /// The run stopped: `ending` says how (completed, halted, paused, interrupted).
        case runEnded = "run_ended"
        /// `scour restore` dealt with a quarantined file (`path`): `status` says how
        /// (restored, exists, hash_mismatch, stored_missing, deleted, failed), `detail` why.
        case fileRestored = "file_restored"
    }

    public var time: Date
    public var event: Event
    public var wave: Int?
    public var host: String?
    public var hosts: [String]?
    public var step: String?
    public var path: String?
    public var kind: String?
    public var status: String?
    public var detail: String?
    public var changes: [String]?
    public var stdoutTail: String?
    public var stderrTail: String?
    public var elapsedMilliseconds: Int64?
    /// The host's boot before a reboot step acts: on resume, a different boot id proves the
    /// reboot happened while the controller was away.
    public var bootID: String?
    public var detections: [Detection]?
    public var waveResult: RolloutRunner.WaveResult?
    public var ending: String?
    public var pid: Int32?
    /// On `step_finished`: the config files the step replaced (`StepOutcome.configEdits`).
    public var configEdits: [ConfigEdit]?

    public init(_ event: Event, time: Date = Date()) {
        self.event = event
        self.time = time
    }

    enum CodingKeys: String, CodingKey {
        case time, event, wave, host, hosts, step, path, kind, status, detail, changes
        case stdoutTail = "stdout_tail", stderrTail = "stderr_tail", elapsedMilliseconds = "elapsed_ms"
        case bootID = "boot_id", detections, waveResult = "result", ending, pid
        case configEdits = "config_edits"
    }

    static func stepFinished(host: String, _ outcome: StepOutcome) -> JournalEntry {
        var entry = JournalEntry(.stepFinished)
        entry.host = host
        entry.step = outcome.name
        entry.kind = outcome.kind
        entry.status = outcome.status.rawValue
        entry.detail = outcome.detail
        entry.changes = outcome.changes.isEmpty ? nil : outcome.changes
        entry.stdoutTail = outcome.stdoutTail
        entry.stderrTail = outcome.stderrTail
        entry.elapsedMilliseconds = outcome.elapsedMilliseconds
        entry.configEdits = outcome.configEdits
        return entry
    }

    /// The step outcome a `step_finished` entry records.
    var stepOutcome: StepOutcome? {
        guard event == .stepFinished, let step, let status = status.flatMap(StepOutcome.Status.init(rawValue:)) else { return nil }
        return StepOutcome(name: step, kind: kind ?? "", status: status, detail: detail ?? "", changes: changes ?? [],
                           stdoutTail: stdoutTail, stderrTail: stderrTail, elapsedMilliseconds: elapsedMilliseconds ?? 0,
                           configEdits: configEdits)
    }
}
