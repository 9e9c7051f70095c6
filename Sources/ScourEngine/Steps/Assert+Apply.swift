import ScourCore
import ScourHost

extension Assert {
    /// Apply's check of the assert, on the host as it is right now: its items probed afresh
    /// (whatever the earlier steps did, modelled or not), a command run with its output's tails
    /// kept as `run` keeps them. Only holding is `ok`; not holding — or not being able to tell —
    /// fails the step, and so the host, which counts toward `max_failures`.
    func check(
        _ step: Step, decider: StepDecider, remote: RemoteHost, observation: inout HostObservation, fresh: inout Set<ProbeItem>,
        context: EvaluationContext, timeout: Duration
    ) async -> StepOutcome {
        var outcome = StepOutcome(name: step.name, kind: step.kind, status: .failed, detail: "")
        guard (step.when?.truth(in: context) ?? .true) == .true else {
            // `when` false or undecidable: the decision says which, before any probe.
            let decided = decider.decide(step, observation, context: context)
            outcome.status = decided.action == .skip ? .skipped : .unknown
            outcome.detail = decided.reason
            return outcome
        }
        let stepContext = decider.stepContext(context)
        if case .command(let command) = claim {
            let rendered = stepContext.render(command)
            do {
                let result = try await remote.runScript(rendered + "\n", timeout: timeout)
                if result.succeeded {
                    outcome.status = .ok
                    outcome.detail = "holds: \(Self.named(rendered)) exits 0"
                } else {
                    outcome.detail = "does not hold: \(Self.named(rendered)) \(result.exit)"
                    outcome.stdoutTail = StepFailure.tail(result.stdoutText)
                    outcome.stderrTail = StepFailure.tail(result.stderrText)
                }
            } catch {
                outcome.detail = "could not be checked: \(error)"
            }
            return outcome
        }
        let items = probeItems(stepContext)
        do {
            observation.update(with: try await remote.probe(items, timeout: timeout))
            fresh.formUnion(items)
        } catch {
            outcome.detail = "could not be checked: probing the host failed: \(error)"
            return outcome
        }
        let judged = decider.decide(step, observation, context: context)
        outcome.status = judged.action == .ok ? .ok : .failed
        outcome.detail = judged.action == .unknown ? "could not be checked: \(judged.reason)" : judged.reason
        return outcome
    }
}
