import ScourCore
import ScourHost

extension DisableService {
    /// Stopped and no longer started at boot, in the words of the host's service manager.
    func project(_ decided: StepPlan, onto model: inout HostObservation, _ context: StepContext) -> String? {
        guard var state = model.services[service] else { return nil }
        let windows = state.manager == "scm"
        for change in decided.changes {
            switch change.kind {
            case .stopService: state.activeState = windows ? "Stopped" : "inactive"
            case .disableService: state.enabledState = windows ? "Disabled" : "disabled"
            default: break
            }
        }
        model.services[service] = state
        return nil
    }
}
