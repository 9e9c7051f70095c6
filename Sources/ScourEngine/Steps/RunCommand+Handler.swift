import ScourCore
import ScourHost

extension RunCommand: StepHandler {
    func probeItems(_ context: StepContext) -> [ProbeItem] {
        unless.map { [.command(run: context.render($0), timeoutSeconds: ProbeItem.defaultCommandTimeoutSeconds)] } ?? []
    }

    func decide(_ observation: HostObservation, _ context: StepContext, into plan: inout StepPlan) {
        let rendered = context.render(command)
        let unlessSucceeded = unless.flatMap { observation.command(context.render($0), exited: 0) }
        if unlessSucceeded == .unknown {
            plan.cannotTell("whether unless succeeds", [Unseen(.timedOut)])
        } else if unlessSucceeded == .true {
            plan.reason = "unless succeeded: nothing to do"
        } else {
            plan.action = .change
            plan.reason = unless == nil ? "runs every time it applies" : "unless failed"
            plan.changes = [PlannedChange(kind: .runCommand, summary: "run \(rendered)", command: rendered)]
        }
    }

    func act(_ acting: StepActing) async throws -> ActionResult {
        let (result, verified) = try await acting.remote.runScript(
            acting.context.render(command) + "\n", thenProbe: acting.verificationItems, timeout: acting.timeout)
        try result.expectSuccess("the command")
        return ActionResult(verified: verified)
    }

    /// Without `unless` nothing can say the command is done but its exit status.
    var provenByActing: String? { unless == nil ? "ran" : nil }
}
