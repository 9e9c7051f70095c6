import ScourCore
import ScourHost

extension Reboot {
    /// What a reboot changes (which processes come back, which services start) is not known
    /// before it: the model keeps the host as it was.
    func project(_ decided: StepPlan, onto model: inout HostObservation, _ context: StepContext) -> String? {
        "what the reboot changes is not modelled: later steps assume the host as observed before it (processes and services included)"
    }
}
