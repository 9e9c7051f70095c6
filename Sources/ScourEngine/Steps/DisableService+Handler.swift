import ScourCore
import ScourHost

extension DisableService: StepHandler {
    func probeItems(_ context: StepContext) -> [ProbeItem] { [.service(name: service)] }

    func decide(_ observation: HostObservation, _ context: StepContext, into plan: inout StepPlan) {
        guard let state = observation.services[service], state.exists else {
            plan.reason = "no service \(service) on this host"
            return
        }
        if state.isActive {
            plan.changes.append(PlannedChange(kind: .stopService, summary: "stop \(service) (now \(state.activeState ?? "?"))", service: service))
        }
        if state.startsAtBoot {
            plan.changes.append(PlannedChange(kind: .disableService, summary: "disable \(service) at boot (now \(state.enabledState ?? "?"))",
                                              service: service))
        }
        if plan.changes.isEmpty {
            plan.reason = "\(service) is already stopped and disabled"
        } else {
            plan.action = .change
            plan.reason = "\(service) is \(state.activeState ?? "?") and \(state.enabledState ?? "?")"
        }
    }

    func act(_ acting: StepActing) async throws -> ActionResult {
        let (result, verified) = try await acting.remote.runScript(
            acting.scripts.stopAndDisable(service), thenProbe: acting.verificationItems, timeout: acting.timeout)
        try result.expectSuccess("stopping and disabling \(service)")
        return ActionResult(verified: verified)
    }
}
