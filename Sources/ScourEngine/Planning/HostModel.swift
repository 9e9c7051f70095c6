import ScourCore
import ScourHost

/// A host as the steps leave it, one step after another: the observation projected forward by
/// each step that changes it (`StepHandler.project`), with what conditions see (`changed`).
/// `plan` decides every step on it; `apply` predicts with it what each step will find, and
/// compares that with what the host holds right before the step acts.
struct HostModel {
    let decider: StepDecider
    var observation: HostObservation
    var context: EvaluationContext
    var history = ModelHistory()

    /// The step's decision on the host as the earlier steps leave it.
    func decide(_ step: Step) -> StepPlan { decider.decide(step, observation, context: context, model: history) }

    /// The host once `step` carried out `decided`; `changed` follows. Returns what the model
    /// cannot settle (nil when exact, and for a step that changes nothing).
    @discardableResult
    mutating func advance(_ step: Step, by decided: StepPlan) -> String? {
        if decided.action == .unknown, step.handler.changesHost { context.unknownSteps.insert(step.name) }
        guard decided.action == .change else { return nil }
        let note = step.handler.project(decided, onto: &observation, decider.stepContext(context, model: history))
        context.recordChange(by: step.name)
        history.changedBy.append(step.name)
        if note != nil { history.unsettledBy.append(step.name) }
        return note
    }
}

/// What the host model holds since the host was probed: the steps whose change it projects,
/// and those among them whose effect it cannot settle (a command, a reboot). A check that
/// needs the host itself (an `assert`) is left to `apply` after these.
struct ModelHistory: Sendable {
    var changedBy: [String] = []
    var unsettledBy: [String] = []
}
