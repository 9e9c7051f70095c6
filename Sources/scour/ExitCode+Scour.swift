import ArgumentParser

/// The exit codes of docs/cli.md, in one place.
extension ExitCode {
    /// Some hosts failed or were unreachable.
    static let hostsFailed = ExitCode(1)
    /// A usage error (unknown flag, missing argument, bad flag value): 64, EX_USAGE, what
    /// ArgumentParser exits with for every `ValidationError` thrown by a `validate()`.
    static let usage = ExitCode.validationFailure
    /// The rollout halted because a wave failed past its threshold.
    static let rolloutHalted = ExitCode(3)
    /// The playbook or inventory is invalid; diagnostics were printed.
    static let invalidInput = ExitCode(65)
    /// Interrupted; the journal is intact and the run resumable.
    static let interrupted = ExitCode(130)
}
