import Foundation
import Logging
import ScourCore
import ScourHost

/// Carries out the playbook on one host: probe once, then for each step in order check (the
/// `StepDecider`'s decision on the current state, as `plan` makes it), act, and verify
/// (re-probe the step's items: the decider must then find nothing left to do). Right before a
/// step acts, its check is made on its items as the host holds them then, and compared with
/// the decision predicted for that point (`HostModel`: the saved plan's, or this run's first
/// probe, carried forward by the steps that acted): a step that finds otherwise is `drifted`,
/// not acted on, and the later steps go on. The first failed step stops the host's later
/// steps; an interruption or a journal that cannot be written stops them too, and the host is
/// then `interrupted` — never ok or changed while a step is left. Steps act with the scripts
/// of the host's `HostShell` (ScourHost/POSIX, ScourHost/PowerShell), which
/// `ActionGoldenTests` pins for both platforms.
struct HostExecutor: Sendable {
    /// What the run works from: each host's variables and playbook, the params, the rollout and
    /// the patch sizes, worked out once.
    let inputs: RunInputs
    let runID: String
    let logger: Logger
    /// Where every step transition is recorded before the host moves on; nil: not recorded.
    let journal: Journal?
    /// The saved plan (`apply plan.json`): a host not planned is left alone, and each step of a
    /// host not yet touched by this run is predicted from the plan's observation.
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
        if earlier == nil, let reason = guardHost?.refusal(of: host.name) {
            outcome.status = .drifted
            outcome.error = reason
            await remote.disconnect()
            return outcome
        }
        let detections = earlier?.detections ?? decider.detections(observation)
        var context = decider.context(detections: detections)
        if earlier == nil, let unseen = Self.unknownDecisions(host, decider: decider, observation: observation) {
            outcome.status = .unknown
            outcome.error = unseen
            outcome.steps = playbook.steps.map { StepOutcome(name: $0.name, kind: $0.kind, status: .notRun, detail: "the host was left alone: \(unseen)") }
            await remote.disconnect()
            return outcome
        }
        // What each step is predicted to find: the saved plan's host (a resume: this probe's),
        // carried forward by the steps that change it.
        let planned = earlier == nil ? guardHost?.plan(of: host.name) : nil
        var predicted = HostModel(decider: decider, observation: planned?.observation?.restoringBytes(from: observation) ?? observation,
                                  context: decider.context(detections: planned?.detections ?? detections))
        // The items seen since the host last changed: a step reading only these needs no re-check.
        var fresh = Set(decider.firstProbeItems)
        // False once a step whose effect the model cannot settle (a command, a reboot) changed
        // the host: later steps then act on what they find, with nothing to compare it to.
        var isPredicted = true
        /// Why the host's remaining steps are not run, once one is.
        var stop: Stop?
        do {
            try await record(.hostProbed(host: host.name, detections: detections))
        } catch {
            stop = .journal("\(error)")
        }
        let steps = playbook.steps
        for (index, step) in steps.enumerated() {
            if stop == nil, isInterrupted() { stop = .operator }
            if let stop {
                outcome.steps.append(StepOutcome(name: step.name, kind: step.kind, status: .notRun, detail: stop.reason))
                continue
            }
            let expected = predicted.decide(step)
            var result: StepOutcome
            // An assert is checked again on resume: it says what holds now, not what held then.
            if let done = earlier?.completedStep(step.name), step.handler.changesHost {
                result = done
                result.detail = "done in an earlier attempt: " + done.detail
            } else {
                let stepStart = clock.now
                if let rebooted = doneWhileAway(step, earlier: earlier, observation: observation) {
                    result = rebooted
                } else {
                    let inFlight = if case .inFlight? = earlier?.steps[step.name] { true } else { false }
                    let prediction = Prediction(decision: isPredicted ? expected : nil, observation: predicted.observation,
                                                nextCheck: nextCheckItems(after: index, of: steps, predicted: predicted, expected: expected))
                    do {
                        result = try await runStep(step, host: host.name, decider: decider, remote: remote, observation: &observation,
                                                   fresh: &fresh, context: context, prediction: prediction, resuming: inFlight)
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
            if result.status == .changed {
                context.recordChange(by: step.name)
                if predicted.advance(step, by: expected) != nil { isPredicted = false }
                predicted.context.recordChange(by: step.name)
                // The files as predicted and as verified are one copy where they agree.
                predicted.observation = predicted.observation.restoringBytes(from: observation)
            }
            if result.status == .failed { stop = .failed }
            outcome.steps.append(result)
        }
        await remote.disconnect()
        await remote.releaseAnswers()
        let drifted = outcome.steps.filter { $0.status == .drifted }.map(\.name)
        outcome.status = switch stop {
        case .failed: .failed
        case .operator, .journal: .interrupted
        case nil: !drifted.isEmpty ? .drifted : outcome.steps.contains { $0.status == .changed } ? .changed : .ok
        }
        if case .journal(let why) = stop { outcome.error = "the journal could not be written (\(why)); `scour resume` goes on" }
        if outcome.status == .drifted {
            outcome.error = "not as predicted right before acting, so not acted on: \(drifted.joined(separator: ", "))"
        }
        return outcome
    }

    /// The items of the next step predicted to change after `steps[index]` that this step's
    /// action may change (those its projection changes; every one when its effect is not
    /// modelled): probed with this step's verification, they are that step's re-check, in the
    /// same round trip.
    private func nextCheckItems(after index: Int, of steps: [Step], predicted: HostModel, expected: StepPlan) -> [ProbeItem] {
        guard expected.action == .change else { return [] }
        var model = predicted
        let isModelled = model.advance(steps[index], by: expected) == nil
        for step in steps[(index + 1)...] where model.decide(step).action == .change {
            let items = step.handler.probeItems(model.decider.stepContext(model.context))
            guard isModelled else { return items }
            return items.filter { model.observation.restricted(to: [$0]) != predicted.observation.restricted(to: [$0]) }
        }
        return []
    }

    /// Why no step may act on the host, or nil: in the host's plan (each step decided on the
    /// host as the steps before it leave it), some step's decision rests on what the probe could
    /// not see. A step whose outcome does not depend on the unseen part decides known and does
    /// not count.
    private static func unknownDecisions(_ host: InventoryHost, decider: StepDecider, observation: HostObservation) -> String? {
        var plan = HostPlan(name: host.name, address: host.address, status: .planned)
        decider.plan(observation, into: &plan)
        let unknown = plan.steps.filter { $0.action == .unknown }
        guard !unknown.isEmpty else { return nil }
        return "what its steps would do rests on what could not be seen: " + unknown.map { "\($0.name): \($0.reason)" }.joined(separator: "; ")
            + (plan.unseenItems.contains(where: \.needsPrivilege) ? " — \(Unseen.privilegeHint)" : "")
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

    /// What a step is predicted to find right before it acts.
    private struct Prediction {
        /// Its decision on the host as predicted for this point; nil after a step the model
        /// could not settle changed the host.
        var decision: StepPlan?
        /// That host, for naming what differs.
        var observation: HostObservation
        /// The items of the next step predicted to change: they travel with this step's verification.
        var nextCheck: [ProbeItem]
    }

    /// Re-check, act, verify. A step that is to change something (as predicted, or as the host
    /// now looks) first has its items as the host holds them now — re-probed unless seen since
    /// the host last changed — and acts only if its decision on them is the one predicted.
    private func runStep(
        _ step: Step, host: String, decider: StepDecider, remote: RemoteHost, observation: inout HostObservation, fresh: inout Set<ProbeItem>,
        context: EvaluationContext, prediction: Prediction, resuming: Bool
    ) async throws -> StepOutcome {
        let handler = step.handler
        let stepContext = decider.stepContext(context)
        let timeout = step.timeout ?? inputs.rollout.stepTimeout
        if let assertion = step.action as? Assert {
            return await assertion.check(step, decider: decider, remote: remote, observation: &observation, fresh: &fresh,
                                         context: context, timeout: timeout)
        }
        // Decided once where nothing changed in between: a step predicted to change is decided
        // only on its items as the host holds them now; any other first as seen, and again only
        // when that finds a change and its items had to be probed again.
        let seen = prediction.decision?.action == .change ? nil : decider.decide(step, observation, context: context)
        let check: StepPlan
        if let seen, seen.action != .change {
            check = seen
        } else {
            let items = handler.probeItems(stepContext)
            let stale = items.filter { !fresh.contains($0) }
            if !stale.isEmpty {
                do {
                    // Files found as they were keep the buffers the host model shares: one copy, not two.
                    observation.update(with: try await remote.probe(stale, timeout: timeout).restoringBytes(from: observation))
                    fresh.formUnion(stale)
                } catch {
                    return StepOutcome(name: step.name, kind: step.kind, status: .failed, detail: "re-checking the host before acting failed: \(error)")
                }
            }
            check = (stale.isEmpty ? seen : nil) ?? decider.decide(step, observation, context: context)
            if let predicted = prediction.decision, check.action != predicted.action || check.changes != predicted.changes {
                return StepOutcome(name: step.name, kind: step.kind, status: .drifted,
                                   detail: driftWords(check, predicted, prediction, now: observation.restricted(to: items), items: items))
            }
        }
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
        case .unknown, .atApply:
            outcome.status = .unknown
            return outcome
        case .change:
            break
        }
        // The journal records what the re-check saw: the hashes and bytes now on the host.
        let start = handler.start(check, step: step.name, observation: observation, context: stepContext, run: runID)
        try await record(.stepStarted(host: host, step: step.name, kind: step.kind, bootID: start.bootID, quarantining: start.quarantine?.files,
                                      editing: start.editing))
        do {
            var verificationItems = handler.verificationItems(stepContext)
            verificationItems += prediction.nextCheck.filter { !verificationItems.contains($0) }
            let acting = StepActing(
                step: step.name, check: check, remote: remote, observation: observation, context: stepContext, start: start, timeout: timeout,
                resuming: resuming, verificationItems: verificationItems, runID: runID, logger: logger)
            let acted = try await handler.act(acting)
            // Recorded before verifying: a failed verification leaves the file edited, and restorable.
            outcome.configEdits = acted.configEdits
            outcome.changes = check.changes.map(\.summary)
            // The host changed: what it holds is the projection of the action, then what was seen
            // after it. An item the projection changed may hold otherwise than projected: a later
            // step reading it probes it again. The others stay as seen — each action checks what
            // it acts on itself (a config's SHA-256 right before it is replaced) — unless the
            // step's effect is not modelled (a command, a reboot): then every item is probed again.
            let unprojected = observation
            if handler.project(check, onto: &observation, stepContext) != nil {
                fresh = []
            } else {
                fresh = fresh.filter { observation.restricted(to: [$0]) == unprojected.restricted(to: [$0]) }
            }
            if let verified = acted.verified {
                observation.update(with: verified.restoringBytes(from: observation))
                fresh.formUnion(verificationItems)
            }
            if let proof = handler.provenByActing {
                outcome.status = .changed
                outcome.detail = proof
                return outcome
            }
            // Verify: the state now observed must leave nothing to do.
            if acted.verified == nil {
                observation.update(with: try await remote.probe(verificationItems, timeout: timeout).restoringBytes(from: observation))
                fresh.formUnion(verificationItems)
            }
            let verification = decider.decide(step, observation, context: context)
            guard verification.action == .ok else {
                throw StepFailure("verification failed: after acting, \(verification.reason)")
            }
            outcome.status = .changed
            outcome.detail = check.reason
        } catch let failure as StepFailure {
            outcome.status = failure.isDrift ? .drifted : .failed
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

    /// A drifted step's detail: what differs in its items from the prediction, and the two
    /// decisions.
    private func driftWords(_ check: StepPlan, _ predicted: StepPlan, _ prediction: Prediction, now: HostObservation, items: [ProbeItem]) -> String {
        let differences = now.drift(from: prediction.observation.restricted(to: items))
        let decisions = "predicted: \(predicted.action.rawValue), \(predicted.reason); now: \(check.action.rawValue), \(check.reason)"
        let what = differences.isEmpty ? "" : differences.joined(separator: "; ") + " — "
        return "not as predicted right before acting, so not acted on: \(what)\(decisions)"
    }
}
