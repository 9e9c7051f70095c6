import ScourCore
import ScourHost

extension RunCommand {
    /// A command's effect is unknown: the model keeps the host as it was, except that `unless`
    /// now succeeds (what the step's verification requires).
    func project(_ decided: StepPlan, onto model: inout HostObservation, _ context: StepContext) -> String? {
        guard let unless else { return "a command's effect is unknown: later steps assume the host as observed before it" }
        model.commands[context.render(unless)] = 0
        return "a command's effect is unknown: later steps assume the host as observed before it, except that `unless` now succeeds"
    }
}
