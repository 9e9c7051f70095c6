import ScourCore
import ScourHost

extension RemoveLines {
    /// Each edited file without its removed lines.
    func project(_ decided: StepPlan, onto model: inout HostObservation, _ context: StepContext) -> String? {
        projectEdits(decided, onto: &model, context)
        return nil
    }
}
