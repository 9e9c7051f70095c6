import Foundation
import Logging
import ScourCore
import ScourHost
import ScourTransport

/// How a step kind meets a host — the engine's half of its one home (the language's half is its
/// `StepAction` type in ScourCore): the probe items its check reads, its decision on what was
/// observed (pure: plan and apply decide alike), what the host holds once it acted (its
/// projection, in `<Kind>+Projection.swift`), and its action.
protocol StepHandler: StepAction {
    /// The probe items the step's check reads.
    func probeItems(_ context: StepContext) -> [ProbeItem]
    /// What verifies the step once it acted: its check's items unless the kind knows better.
    func verificationItems(_ context: StepContext) -> [ProbeItem]
    /// What the step would do on the host as observed; `plan` comes in as `ok` with no reason,
    /// and `when` already true.
    func decide(_ observation: HostObservation, _ context: StepContext, into plan: inout StepPlan)
    /// The host once the step carried out `decided` (a `change` decided on `model`): `model`
    /// comes in as the state the step was decided on and leaves as the state it leaves for the
    /// later steps (`HostModel`). Returns what the model cannot settle, and what later steps
    /// assume instead, for the plan (`StepPlan.note`); nil when the projection is exact.
    func project(_ decided: StepPlan, onto model: inout HostObservation, _ context: StepContext) -> String?
    /// What the journal records as the step starts, before it acts.
    func start(_ check: StepPlan, step: String, observation: HostObservation, context: StepContext, run: String) -> StepStart
    /// Carries the step out; returns the state its own script observed afterwards when it
    /// could probe in the same round trip, else nil (the executor then probes).
    func act(_ acting: StepActing) async throws -> ActionResult
    /// Set when acting is its own proof (a reboot, a command without `unless`): the step is then
    /// `changed` with this detail, and nothing is probed again.
    var provenByActing: String? { get }
    /// On resume, a step the journal saw start but not end that the host shows was done
    /// meanwhile (a reboot whose boot id changed); nil: check it again.
    func doneWhileAway(_ started: RunHistory.StepState, observation: HostObservation) -> String?
    /// False for a kind that only checks (`assert`): whatever it decides, it changes nothing,
    /// so an unknown decision of it leaves `changed` known.
    var changesHost: Bool { get }
}

extension StepHandler {
    func verificationItems(_ context: StepContext) -> [ProbeItem] { probeItems(context) }
    func start(_ check: StepPlan, step: String, observation: HostObservation, context: StepContext, run: String) -> StepStart { StepStart() }
    var provenByActing: String? { nil }
    func doneWhileAway(_ started: RunHistory.StepState, observation: HostObservation) -> String? { nil }
    var changesHost: Bool { true }
}

extension Step {
    /// The engine's handler of the step's kind (every kind has one: `StepHandlerTests`).
    var handler: any StepHandler {
        guard let handler = action as? any StepHandler else { preconditionFailure("step kind '\(kind)' has no StepHandler") }
        return handler
    }
}

/// What a step's check sees besides the observation: the playbook, the host's values, and the
/// patch files' sizes on the controller.
struct StepContext: Sendable {
    let playbook: Playbook
    let evaluation: EvaluationContext
    let patchSizes: [String: UInt64]
    /// Set when the step is decided on the host model (the plan, apply's predictions) rather
    /// than on the host as observed right then (apply's check).
    var model: ModelHistory? = nil

    var platform: Platform { playbook.platform }
    var probes: PlanProbes { PlanProbes(playbook: playbook, context: evaluation) }

    /// A command for this host, its interpolated values quoted for the platform's shell.
    func render(_ template: Template) -> String { probes.render(template) }
}

/// What the journal records with `step_started`.
struct StepStart: Sendable {
    /// The boot id before a reboot, so a resume can tell the reboot happened.
    var bootID: String?
    /// What a `remove_files` step is about to move away.
    var quarantine: QuarantinePlan?
    /// The files an edit step is about to replace, with the bytes read and to be written: its
    /// action writes exactly these, so what it does is what the journal recorded.
    var edits: [PlannedEdit] = []

    /// What the journal records of `edits`.
    var editing: [ConfigEdit]? { edits.isEmpty ? nil : edits.map(\.record) }
}

/// A file an edit step is about to replace with `written`, read as `original`.
struct PlannedEdit: Sendable {
    var record: ConfigEdit
    var original: [UInt8]
    var written: [UInt8]

    init(_ path: String, from original: [UInt8], to written: [UInt8], run: String, platform: Platform) {
        record = .planned(path, from: original, to: written, run: run, platform: platform)
        self.original = original
        self.written = written
    }
}

/// Everything a step's action works with on one host.
struct StepActing: Sendable {
    let step: String
    /// The check's decision, with the changes the action carries out.
    let check: StepPlan
    let remote: RemoteHost
    let observation: HostObservation
    let context: StepContext
    let start: StepStart
    let timeout: Duration
    /// The step was acting when an earlier attempt of the run stopped.
    let resuming: Bool
    /// What verifies the step: a script may probe it in the same round trip.
    let verificationItems: [ProbeItem]
    let runID: String
    let logger: Logger

    var scripts: ActionScripts { ActionScripts(shell: remote.shell, run: runID) }
}

/// What an action left: the state it observed afterwards (nil: probe it), and the record of
/// each config file it replaced, for `restore`.
struct ActionResult: Sendable {
    var verified: HostObservation?
    var configEdits: [ConfigEdit]?

    init(verified: HostObservation? = nil, configEdits: [ConfigEdit]? = nil) {
        self.verified = verified
        self.configEdits = configEdits
    }
}

extension ExecResult {
    /// Throws the step's failure, with the output's tails, unless the script succeeded.
    func expectSuccess(_ what: String) throws {
        guard succeeded else {
            throw StepFailure("\(what) failed (\(exit))", stdout: stdoutText, stderr: stderrText)
        }
    }
}
