import Foundation
import Logging
import ScourCore
import ScourHost

/// Decides, from a host's first probe, whether it may be touched: nil to go on, else why not
/// (the host is then reported `drifted` and left alone).
public typealias HostGuard = @Sendable (_ host: String, _ observation: HostObservation) -> String?

/// Carries out the playbook on one host: probe once, then for each step in order check (the
/// `StepDecider`'s decision on the current state, as `plan` makes it), act, and verify
/// (re-probe the step's items: the decider must then find nothing left to do). The first
/// failed step stops the host's later steps; an interruption or a journal that cannot be
/// written stops them too, and the host is then `interrupted` — never ok or changed while a
/// step is left. Steps act with the scripts of the host's `HostShell` (ScourHost/POSIX,
/// ScourHost/PowerShell), which `ActionGoldenTests` pins for both platforms.
struct HostExecutor: Sendable {
    /// What the run works from: each host's variables and playbook, the params, the rollout and
    /// the patch sizes, worked out once.
    let inputs: RunInputs
    let runID: String
    let logger: Logger
    /// Where every step transition is recorded before the host moves on; nil: not recorded.
    let journal: Journal?
    /// Asked after the first probe of a host not yet touched by this run; a reason means hands off.
    let guardHost: HostGuard?
    /// True once the operator asked to stop: steps not yet started are not run.
    let isInterrupted: @Sendable () -> Bool

    /// Runs the playbook on `host`. `earlier` is what the journal says of it from an earlier
    /// attempt of the run (`resume`): finished steps are not redone, a reboot that happened
    /// while the controller was away is recognised by its boot id, and the detections of the
    /// first probe still decide (the cleanup has since removed what was detected).
    func run(_ host: InventoryHost, wave: Int, connector: HostConnector, earlier: RunHistory.Host? = nil) async -> HostOutcome {
        let start = ContinuousClock.now
        var outcome: HostOutcome
        do {
            try await record(.hostStarted(host: host.name, wave: wave))
            outcome = await execute(host, wave: wave, connector: connector, earlier: earlier)
        } catch {
            outcome = HostOutcome(name: host.name, wave: wave, status: .interrupted, error: "\(error); nothing was done")
        }
        outcome.elapsedMilliseconds = (ContinuousClock.now - start).scourMilliseconds
        try? await record(.hostFinished(host: host.name, wave: wave, status: outcome.status, error: outcome.error,
                                        elapsedMilliseconds: outcome.elapsedMilliseconds))
        return outcome
    }

    private func execute(_ host: InventoryHost, wave: Int, connector: HostConnector, earlier: RunHistory.Host?) async -> HostOutcome {
        let clock = ContinuousClock()
        var outcome = HostOutcome(name: host.name, wave: wave, status: .ok)
        let remote = RemoteHost(host: host, connector: connector)
        let decider = inputs.stepDecider(for: host.name)
        let playbook = decider.playbook
        var observation: HostObservation
        do {
            observation = try await remote.open(expecting: playbook.platform, probing: decider.firstProbeItems, timeout: inputs.rollout.stepTimeout)
        } catch {
            await remote.disconnect()
            switch error {
            case .unreachable(let failure): (outcome.status, outcome.error) = (.unreachable, failure.error.message)
            case .failed(let why): (outcome.status, outcome.error) = (.failed, why)
            }
            return outcome
        }
        if earlier == nil, let reason = guardHost?(host.name, observation) {
            outcome.status = .drifted
            outcome.error = reason
            await remote.disconnect()
            return outcome
        }
        let detections = earlier?.detections ?? decider.detections(observation)
        var context = decider.context(detections: detections)
        /// Why the host's remaining steps are not run, once one is.
        var stop: Stop?
        do {
            try await record(.hostProbed(host: host.name, detections: detections))
        } catch {
            stop = .journal("\(error)")
        }
        for step in playbook.steps {
            if stop == nil, isInterrupted() { stop = .operator }
            if let stop {
                outcome.steps.append(StepOutcome(name: step.name, kind: step.kind, status: .notRun, detail: stop.reason))
                continue
            }
            var result: StepOutcome
            if let done = earlier?.completedStep(step.name) {
                result = done
                result.detail = "done in an earlier attempt: " + done.detail
            } else {
                let stepStart = clock.now
                if let rebooted = doneWhileAway(step, earlier: earlier, observation: observation) {
                    result = rebooted
                } else {
                    let inFlight = if case .inFlight? = earlier?.steps[step.name] { true } else { false }
                    do {
                        result = try await runStep(step, host: host.name, decider: decider, remote: remote, observation: &observation,
                                                   context: context, resuming: inFlight)
                    } catch {
                        // `step_started` could not be recorded: the step did not act.
                        stop = .journal("\(error)")
                        outcome.steps.append(StepOutcome(name: step.name, kind: step.kind, status: .notRun, detail: stop!.reason))
                        continue
                    }
                }
                result.elapsedMilliseconds = (clock.now - stepStart).scourMilliseconds
                do {
                    try await record(.stepFinished(host: host.name, result))
                } catch {
                    // It acted but its end is not on record: resume checks it again first.
                    stop = .journal("\(error)")
                    result.detail += " — but its end could not be recorded (\(error)): resume checks it again"
                }
                logger.info("step", metadata: ["host": "\(host.name)", "step": "\(step.name)", "status": "\(result.status.rawValue)"])
            }
            if result.status == .changed { context.recordChange(by: step.name) }
            if result.status == .failed { stop = .failed }
            outcome.steps.append(result)
        }
        await remote.disconnect()
        outcome.status = switch stop {
        case .failed: .failed
        case .operator, .journal: .interrupted
        case nil: outcome.steps.contains { $0.status == .changed } ? .changed : .ok
        }
        if case .journal(let why) = stop { outcome.error = "the journal could not be written (\(why)); `scour resume` goes on" }
        return outcome
    }

    /// Why a host's later steps were not run.
    private enum Stop {
        case failed
        case `operator`
        case journal(String)

        var reason: String {
            switch self {
            case .failed: "an earlier step failed"
            case .operator: "the run was interrupted before this step"
            case .journal: "the journal could not be written before this step"
            }
        }
    }

    /// A step the journal saw start but not end that the host shows was done meanwhile (a
    /// reboot now in a different boot): it is not done again.
    private func doneWhileAway(_ step: Step, earlier: RunHistory.Host?, observation: HostObservation) -> StepOutcome? {
        guard let started = earlier?.steps[step.name], let detail = step.handler.doneWhileAway(started, observation: observation) else { return nil }
        return StepOutcome(name: step.name, kind: step.kind, status: .changed, detail: detail)
    }

    private func record(_ event: RunEvent) async throws {
        try await journal?.append(event)
    }

    /// Check, act, verify.
    private func runStep(
        _ step: Step, host: String, decider: StepDecider, remote: RemoteHost, observation: inout HostObservation, context: EvaluationContext,
        resuming: Bool
    ) async throws -> StepOutcome {
        let check = decider.decide(step, observation, context: context)
        var outcome = StepOutcome(name: step.name, kind: step.kind, status: .ok, detail: check.reason)
        switch check.action {
        case .skip:
            outcome.status = .skipped
            return outcome
        case .ok:
            return outcome
        case .blocked:
            outcome.status = .failed
            return outcome
        case .change:
            break
        }
        let timeout = step.timeout ?? inputs.rollout.stepTimeout
        let handler = step.handler
        let stepContext = decider.stepContext(context)
        let start = handler.start(check, step: step.name, observation: observation, context: stepContext, run: runID)
        try await record(.stepStarted(host: host, step: step.name, kind: step.kind, bootID: start.bootID, quarantining: start.quarantine?.files,
                                      editing: start.editing))
        do {
            let acting = StepActing(
                step: step.name, check: check, remote: remote, observation: observation, context: stepContext, start: start, timeout: timeout,
                resuming: resuming, verificationItems: handler.verificationItems(stepContext), runID: runID, logger: logger)
            let acted = try await handler.act(acting)
            // Recorded before verifying: a failed verification leaves the file edited, and restorable.
            outcome.configEdits = acted.configEdits
            outcome.changes = check.changes.map(\.summary)
            if let proof = handler.provenByActing {
                outcome.status = .changed
                outcome.detail = proof
                return outcome
            }
            // Verify: the state now observed must leave nothing to do.
            if let verified = acted.verified {
                observation.update(with: verified)
            } else {
                observation.update(with: try await remote.probe(acting.verificationItems, timeout: timeout))
            }
            let verification = decider.decide(step, observation, context: context)
            guard verification.action == .ok else {
                throw StepFailure("verification failed: after acting, \(verification.reason)")
            }
            outcome.status = .changed
            outcome.detail = check.reason
        } catch let failure as StepFailure {
            outcome.status = .failed
            outcome.detail = failure.message
            outcome.stdoutTail = failure.stdout
            outcome.stderrTail = failure.stderr
            if let written = failure.configEdits { outcome.configEdits = written }
        } catch {
            outcome.status = .failed
            outcome.detail = "\(error)"
        }
        return outcome
    }
}
