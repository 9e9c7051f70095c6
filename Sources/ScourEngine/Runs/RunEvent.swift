import Foundation
import ScourCore
import ScourHost

/// A transition of a run, as the engine records it: one journal line each (`JournalEntry` is
/// the line's layout). Typed, so nothing compares status words to decide.
public enum RunEvent: Sendable, Equatable {
    /// The run began (`apply`) or was taken up again (`resume`) by process `pid`.
    case runStarted(pid: Int32)
    case runResumed(pid: Int32)
    case waveStarted(wave: Int, hosts: [String])
    case waveFinished(RolloutRunner.WaveResult)
    case hostStarted(host: String, wave: Int)
    /// What the host's first probe found, or on resume what was found before.
    case hostProbed(host: String, detections: [Detection])
    /// A step is about to act: recorded before anything changes on the host. `bootID` is the
    /// boot a reboot step leaves, so a resume can tell whether it happened; `quarantining`, the
    /// files a `remove_files` step is about to move away and the names it stores them under —
    /// the record `restore` trusts; `editing`, the files an edit step is about to replace (the
    /// record restore falls back on when the step never finished: `ConfigEdit`).
    case stepStarted(host: String, step: String, kind: String, bootID: String?, quarantining: [QuarantinedFile]? = nil,
                     editing: [ConfigEdit]? = nil)
    case stepFinished(host: String, StepOutcome)
    case hostFinished(host: String, wave: Int, status: HostOutcome.Status, error: String?, elapsedMilliseconds: Int64)
    case runEnded(RunEnding)
    /// `scour restore` dealt with a file at `path` — a quarantined file, or with `kind`
    /// `config` a config an edit replaced: `status` is its outcome word (restored, exists,
    /// changed_since, hash_mismatch, …; docs/runs.md), `detail` why.
    case fileRestored(host: String, path: String, kind: String?, status: String, detail: String?)
}

/// How an attempt at a run stopped.
public enum RunEnding: Sendable, Equatable {
    /// Every wave ran and no host has steps left (some may have failed).
    case completed
    /// A wave went past `max_failures`; later waves were not started.
    case halted(afterWave: Int)
    /// `pause = manual` after this wave.
    case paused(afterWave: Int)
    /// Stopped by the operator (or a journal that could not be written) with steps left.
    case interrupted
}

extension RunEnding: CustomStringConvertible {
    public var description: String {
        switch self {
        case .completed: "completed"
        case .halted(let wave): "halted after wave \(wave)"
        case .paused(let wave): "paused after wave \(wave)"
        case .interrupted: "interrupted"
        }
    }

    /// Reads back what `description` wrote in the journal.
    init?(recorded text: String) {
        switch text {
        case "completed": self = .completed
        case "interrupted": self = .interrupted
        default:
            let words = text.split(separator: " ")
            guard words.count == 4, words[1] == "after", words[2] == "wave", let wave = Int(words[3]) else { return nil }
            switch words[0] {
            case "halted": self = .halted(afterWave: wave)
            case "paused": self = .paused(afterWave: wave)
            default: return nil
            }
        }
    }
}
