import ScourCore
import ScourHost

/// What happened to one step on one host during `apply`.
public struct StepOutcome: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// `when` was false.
        case skipped
        /// Nothing to do: already in the desired state.
        case ok
        /// Acted and verified.
        case changed
        /// Could not act, the action failed, or the verification found work left.
        case failed
        /// Not acted on: right before acting, the host was not as the plan predicted for this
        /// point (the detail names what differs).
        case drifted
        /// Not acted on: its check could not see what it needs (the detail names each item
        /// and why).
        case unknown
        /// Not attempted: an earlier step of the host failed, or the run stopped before it.
        case notRun = "not_run"
    }

    public var name: String
    public var kind: String
    public var status: Status
    /// Why, in words (the check's reason, or the failure).
    public var detail: String
    /// The changes made, as planned (`PlannedChange.summary` of each).
    public var changes: [String] = []
    /// The last lines of a failed command's output.
    public var stdoutTail: String?
    public var stderrTail: String?
    public var elapsedMilliseconds: Int64 = 0
    /// The files the step replaced (`strip_mappings`, `remove_lines`), for `restore`.
    public var configEdits: [ConfigEdit]?

    enum CodingKeys: String, CodingKey {
        case name, kind, status, detail, changes
        case stdoutTail = "stdout_tail", stderrTail = "stderr_tail", elapsedMilliseconds = "elapsed_ms"
        case configEdits = "config_edits"
    }
}

/// One host's whole run.
public struct HostOutcome: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// Every step ok or skipped.
        case ok
        /// At least one step changed the host, none failed.
        case changed
        case failed
        case unreachable
        /// Left alone, or some of its steps: it changed since the saved plan was made (`apply
        /// plan.json` without `--replan`).
        case drifted
        /// Left alone: what its steps would do rests on something the probe could not see (a
        /// folder the login may not read): never taken as clean.
        case unknown
        /// Stopped between steps with steps left — by the operator, or by a journal that could
        /// not be written. Never done: `resume` runs exactly the steps left.
        case interrupted
        /// Not started (a halted or interrupted rollout).
        case notRun = "not_run"
    }

    public var name: String
    public var wave: Int
    public var status: Status
    public var error: String?
    public var steps: [StepOutcome] = []
    public var elapsedMilliseconds: Int64 = 0

    /// Failed, unreachable, unknown and drifted hosts count toward `max_failures` (drifted
    /// ones unless the run says otherwise: `RolloutRunner.countsDrift`): none of them was
    /// cleaned, and a wave of them is a reason to stop before the next.
    public var countsAsFailure: Bool { [.failed, .unreachable, .unknown, .drifted].contains(status) }

    public init(name: String, wave: Int, status: Status, error: String? = nil, steps: [StepOutcome] = [], elapsedMilliseconds: Int64 = 0) {
        self.name = name
        self.wave = wave
        self.status = status
        self.error = error
        self.steps = steps
        self.elapsedMilliseconds = elapsedMilliseconds
    }

    enum CodingKeys: String, CodingKey {
        case name, wave, status, error, steps
        case elapsedMilliseconds = "elapsed_ms"
    }
}

/// A step's failure: what went wrong and the tail of the command output that shows why.
struct StepFailure: Error, CustomStringConvertible {
    var message: String
    var stdout: String?
    var stderr: String?
    /// For a step that edits configs: the edits its failure left written on the host — `[]`
    /// when it knows none is (never written, or put back) — recorded in its `step_finished` so
    /// restore does not look for backups of edits never made. Nil when it cannot say: restore
    /// then takes what `step_started` announced.
    var configEdits: [ConfigEdit]?
    var description: String { message }

    /// What the action found right before acting was not what the step was decided on (a
    /// config changed since it was read): the step is `drifted`, not failed.
    var isDrift = false

    /// This failure, saying the edits it left written on the host.
    func leaving(_ edits: [ConfigEdit]) -> StepFailure {
        var failure = self
        failure.configEdits = edits
        return failure
    }

    /// This failure as the step's drift: it did not act.
    func asDrift() -> StepFailure {
        var failure = self
        failure.isDrift = true
        return failure
    }

    init(_ message: String, stdout: String? = nil, stderr: String? = nil) {
        self.message = message
        self.stdout = stdout.map(Self.tail)
        self.stderr = stderr.map(Self.tail)
    }

    /// The last 20 lines (at most 4 KiB) of an output.
    static func tail(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(21)
        return String(lines.joined(separator: "\n").suffix(4096))
    }
}
