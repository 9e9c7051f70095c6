import ScourCore
import ScourHost

extension RemoveFiles {
    /// Every path moved into quarantine or deleted is absent for the later steps: as a file, a
    /// content, and a match of any glob that listed or counted it.
    func project(_ decided: StepPlan, onto model: inout HostObservation, _ context: StepContext) -> String? {
        for path in decided.changes.compactMap(\.path) { model.projectRemoval(of: path) }
        return nil
    }
}
