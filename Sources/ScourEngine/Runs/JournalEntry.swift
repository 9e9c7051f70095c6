import Foundation
import ScourHost

/// One line of `journal.jsonl`: the layout of a `RunEvent` on disk. Flat, with only the fields
/// the event needs, so the file reads well with `jq`.
struct JournalEntry: Sendable, Codable, Equatable {
    enum Event: String, Sendable, Codable {
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
        /// The run stopped: `ending` says how (`RunEnding`).
        case runEnded = "run_ended"
        /// `scour restore` dealt with a file: `status` says how (`RestoreStatus`).
        case fileRestored = "file_restored"
    }

    var time: Date
    var event: Event
    var wave: Int?
    var host: String?
    var hosts: [String]?
    var step: String?
    var path: String?
    var kind: String?
    /// The raw value of the status of a step (`step_finished`), a host (`host_finished`) or a
    /// restored file (`file_restored`): which one, the event says.
    var status: String?
    var detail: String?
    var changes: [String]?
    var stdoutTail: String?
    var stderrTail: String?
    var elapsedMilliseconds: Int64?
    /// The host's boot before a reboot step acts: on resume, a different boot id proves the
    /// reboot happened while the controller was away.
    var bootID: String?
    var detections: [Detection]?
    var waveResult: RolloutRunner.WaveResult?
    var ending: RunEnding?
    var pid: Int32?
    /// On `step_finished`: the config files the step replaced (`StepOutcome.configEdits`).
    var configEdits: [ConfigEdit]?
    /// On `step_started` of `remove_files`: what it is about to quarantine, and as what.
    var quarantining: [QuarantinedFile]?
    /// On `step_started` of an edit (`strip_mappings`, `remove_lines`): the files it is about to
    /// replace, their backups, and the SHA-256 before and after.
    var editing: [ConfigEdit]?

    init(_ event: Event, time: Date = Date()) {
        self.event = event
        self.time = time
    }

    enum CodingKeys: String, CodingKey {
        case time, event, wave, host, hosts, step, path, kind, status, detail, changes
        case stdoutTail = "stdout_tail", stderrTail = "stderr_tail", elapsedMilliseconds = "elapsed_ms"
        case bootID = "boot_id", detections, waveResult = "result", ending, pid
        case configEdits = "config_edits", quarantining, editing
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

extension JournalEntry {
    /// The line that records `event`.
    init(_ event: RunEvent, time: Date = Date()) {
        switch event {
        case .runStarted(let pid), .runResumed(let pid):
            if case .runStarted = event { self.init(.runStarted, time: time) } else { self.init(.runResumed, time: time) }
            self.pid = pid
        case .waveStarted(let wave, let hosts):
            self.init(.waveStarted, time: time)
            self.wave = wave
            self.hosts = hosts
        case .waveFinished(let result):
            self.init(.waveFinished, time: time)
            wave = result.index
            waveResult = result
        case .hostStarted(let host, let wave):
            self.init(.hostStarted, time: time)
            self.host = host
            self.wave = wave
        case .hostProbed(let host, let detections):
            self.init(.hostProbed, time: time)
            self.host = host
            self.detections = detections
        case .stepStarted(let host, let step, let kind, let bootID, let quarantining, let editing):
            self.init(.stepStarted, time: time)
            self.host = host
            self.step = step
            self.kind = kind
            self.bootID = bootID
            self.quarantining = quarantining
            self.editing = editing
        case .stepFinished(let host, let outcome):
            self = .stepFinished(host: host, outcome)
            self.time = time
        case .hostFinished(let host, let wave, let status, let error, let elapsed):
            self.init(.hostFinished, time: time)
            self.host = host
            self.wave = wave
            self.status = status.rawValue
            detail = error
            elapsedMilliseconds = elapsed
        case .runEnded(let ending):
            self.init(.runEnded, time: time)
            self.ending = ending
        case .fileRestored(let host, let path, let kind, let status, let detail):
            self.init(.fileRestored, time: time)
            self.host = host
            self.path = path
            self.kind = kind
            self.status = status.rawValue
            self.detail = detail
        }
    }

    /// The event this line records, with its time; nil as `runEvent` is.
    var timedEvent: (Date, RunEvent)? { runEvent.map { (time, $0) } }

    /// The event this line records; nil when a field the event needs is missing or unreadable.
    var runEvent: RunEvent? {
        switch event {
        case .runStarted: return .runStarted(pid: pid ?? 0)
        case .runResumed: return .runResumed(pid: pid ?? 0)
        case .waveStarted:
            guard let wave else { return nil }
            return .waveStarted(wave: wave, hosts: hosts ?? [])
        case .waveFinished:
            return waveResult.map(RunEvent.waveFinished)
        case .hostStarted:
            guard let host else { return nil }
            return .hostStarted(host: host, wave: wave ?? 0)
        case .hostProbed:
            guard let host else { return nil }
            return .hostProbed(host: host, detections: detections ?? [])
        case .stepStarted:
            guard let host, let step else { return nil }
            return .stepStarted(host: host, step: step, kind: kind ?? "", bootID: bootID, quarantining: quarantining, editing: editing)
        case .stepFinished:
            guard let host, let outcome = stepOutcome else { return nil }
            return .stepFinished(host: host, outcome)
        case .hostFinished:
            guard let host, let status = status.flatMap(HostOutcome.Status.init(rawValue:)) else { return nil }
            return .hostFinished(host: host, wave: wave ?? 0, status: status, error: detail, elapsedMilliseconds: elapsedMilliseconds ?? 0)
        case .runEnded:
            return ending.map(RunEvent.runEnded)
        case .fileRestored:
            guard let host, let path, let status = status.flatMap(RestoreStatus.init(rawValue:)) else { return nil }
            return .fileRestored(host: host, path: path, kind: kind, status: status, detail: detail)
        }
    }
}
