import ArgumentParser
import ScourEngine

/// The exit codes of docs/cli.md, in one place.
extension ExitCode {
    /// `scour plan`'s exit status for what it found.
    init(_ verdict: PlanDocument.Summary.Verdict) {
        self = switch verdict {
        case .hostsNotProbed: .hostsFailed
        case .unknown: .planUnknown
        case .blocked: .planBlocked
        case .planned: .success
        }
    }

    /// Some hosts failed or were unreachable.
    static let hostsFailed = ExitCode(1)
    /// A usage error (unknown flag, missing argument, bad flag value): 64, EX_USAGE, what
    /// ArgumentParser exits with for every `ValidationError` thrown by a `validate()`.
    static let usage = ExitCode.validationFailure
    /// `plan`: every host was probed, and some host has a blocked step.
    static let planBlocked = ExitCode(2)
    /// The rollout halted because a wave failed past its threshold.
    static let rolloutHalted = ExitCode(3)
    /// `plan`: every host was probed, and some host has something unknown (what the login could
    /// not see): it is not clean.
    static let planUnknown = ExitCode(4)
    /// The playbook or inventory is invalid; diagnostics were printed.
    static let invalidInput = ExitCode(65)
    /// Interrupted; the journal is intact and the run resumable.
    static let interrupted = ExitCode(130)
}
