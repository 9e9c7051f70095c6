import Foundation
import ScourCore
import ScourHost

/// Decides, from one host's probe answers, which detect blocks match and what each step has to
/// do: `plan`'s decision, and `apply`'s check before a step acts and its verification after.
/// Pure: the same observation always gives the same decision. `plan` walks the steps in order
/// with `changed` following the plan (a step that would change the host makes `changed` true
/// for the steps after it), exactly as `apply` will evaluate it.
struct StepDecider {
    let playbook: Playbook
    let params: [String: Value]
    let hostVariables: [String: String]
    /// The size of each patch file on the controller, by path.
    let patchSizes: [String: UInt64]

    /// Each step decided on the host as the earlier steps leave it (`HostModel`); a step whose
    /// effect the model cannot settle says so, and what the later steps assume, in its `note`.
    func plan(_ observation: HostObservation, into plan: inout HostPlan) {
        plan.detections = detections(observation)
        var model = HostModel(decider: self, observation: observation, context: context(detections: plan.detections))
        let steps = playbook.steps
        plan.steps = steps.indices.map { index in
            var decided = model.decide(steps[index])
            let note = model.advance(steps[index], by: decided)
            if index < steps.count - 1 { decided.note = note }
            return decided
        }
    }

    /// What conditions see on this host before any step ran.
    func context(detections: [Detection]) -> EvaluationContext {
        EvaluationContext(detected: Set(detections.filter(\.matched).map(\.name)), params: params, host: hostVariables, changed: false,
                          unknownDetections: Set(detections.filter(\.unknown).map(\.name)))
    }

    func probes(_ context: EvaluationContext) -> PlanProbes { PlanProbes(playbook: playbook, context: context) }

    /// What the host's first probe asks, before anything is detected: every question of the
    /// playbook.
    var firstProbeItems: [ProbeItem] { probes(context(detections: [])).items }

    // MARK: Steps

    /// What a step's check sees on this host, given what conditions see.
    func stepContext(_ context: EvaluationContext, model: ModelHistory? = nil) -> StepContext {
        StepContext(playbook: playbook, evaluation: context, patchSizes: patchSizes, model: model)
    }

    /// What one step would do on the host as observed: the check before acting, and (on the
    /// state observed after acting) the verification, which must find nothing left to do.
    /// `model` is set when `observation` is the host model rather than the host as just seen.
    func decide(_ step: Step, _ observation: HostObservation, context: EvaluationContext, model: ModelHistory? = nil) -> StepPlan {
        var plan = StepPlan(name: step.name, kind: step.kind, action: .ok, reason: "")
        if let when = step.when {
            switch when.truth(in: context) {
            case .true: break
            case .false:
                plan.action = .skip
                plan.reason = "when is false: not (\(when.words))"
                return plan
            case .unknown:
                // The earlier unknown steps count when, known, they would decide the condition.
                var stepsKnown = context
                stepsKnown.unknownSteps = []
                let steps = stepsKnown.unknownSteps == context.unknownSteps || when.truth(in: stepsKnown) == .unknown ? [] : context.unknownSteps
                let unknown = when.detectsRead.filter(context.unknownDetections.contains).map { "detect \"\($0)\"" }
                    + steps.sorted().map { "whether step \"\($0)\" changes the host" }
                plan.action = .unknown
                plan.reason = "when cannot be decided (\(when.words)): \(unknown.joined(separator: ", ")) \(unknown.count == 1 ? "is" : "are") unknown"
                return plan
            }
        }
        step.handler.decide(observation, stepContext(context, model: model), into: &plan)
        return plan
    }
}
