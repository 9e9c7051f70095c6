import ScourCore
import ScourHost

extension Reboot: StepHandler {
    func probeItems(_ context: StepContext) -> [ProbeItem] { [] }

    func decide(_ observation: HostObservation, _ context: StepContext, into plan: inout StepPlan) {
        plan.action = .change
        plan.reason = "reboot, then wait up to \(timeout.scourLiteral) for a new boot id"
        plan.changes = [PlannedChange(kind: .reboot, summary: "reboot")]
    }

    /// The boot id before: a resume that finds another one knows the reboot happened.
    func start(_ check: StepPlan, step: String, observation: HostObservation, context: StepContext, run: String) -> StepStart {
        StepStart(bootID: observation.facts?.bootID)
    }

    func act(_ acting: StepActing) async throws -> ActionResult {
        try await RebootAction(remote: acting.remote, scripts: acting.scripts, logger: acting.logger).run(
            self, step: acting.step, probes: acting.context.probes, previousBootID: acting.start.bootID, resuming: acting.resuming)
        return ActionResult()
    }

    /// The new boot id, and `test` when given, were checked by the action itself.
    var provenByActing: String? { "rebooted" }

    /// A reboot the journal saw start but not end, on a host now in a different boot, happened
    /// while the controller was away, and is not done again.
    func doneWhileAway(_ started: RunHistory.StepState, observation: HostObservation) -> String? {
        guard case .inFlight(let bootID?) = started, let now = observation.facts?.bootID, now != bootID else { return nil }
        return "rebooted while scour was away (boot id \(bootID.prefix(8))… is now \(now.prefix(8))…)"
    }
}
