import ScourCore
import ScourHost

extension StripMappings {
    /// The config without the stripped mappings.
    func project(_ decided: StepPlan, onto model: inout HostObservation, _ context: StepContext) -> String? {
        projectEdits(decided, onto: &model, context)
        return nil
    }
}
