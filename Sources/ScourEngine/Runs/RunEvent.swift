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
    /// `config` a config an edit replaced: `status` is its outcome, `detail` why.
    case fileRestored(host: String, path: String, kind: String?, status: RestoreStatus, detail: String?)
}
