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

    /// Every detect block on the observed host.
    func detections(_ observation: HostObservation) -> [Detection] {
        playbook.detects.map { detect(observation, $0) }
    }

    /// What conditions see on this host before any step ran.
    func context(detections: [Detection]) -> EvaluationContext {
        EvaluationContext(detected: Set(detections.filter(\.matched).map(\.name)), params: params, host: hostVariables, changed: false)
    }

    func probes(_ context: EvaluationContext) -> PlanProbes { PlanProbes(playbook: playbook, context: context) }

    /// What the host's first probe asks, before anything is detected: every question of the
    /// playbook.
    var firstProbeItems: [ProbeItem] { probes(context(detections: [])).items }

    // MARK: Detection

    private func detect(_ observation: HostObservation, _ detect: DetectBlock) -> Detection {
        let context = context(detections: [])
        let results = detect.indicators.map { evaluate($0, observation, context: context) }
        let matched = detect.match == .any ? results.contains(where: \.matched) : results.allSatisfy(\.matched)
        return Detection(name: detect.name, matched: matched, indicators: results)
    }

    /// Whether `indicator` matched, with the evidence where it has some: a `content` indicator
    /// names each file and its first matching line.
    private func evaluate(_ indicator: Indicator, _ observation: HostObservation, context: EvaluationContext) -> IndicatorResult {
        var result = IndicatorResult(indicator: indicator.words, matched: false)
        switch indicator {
        case .content(let path, let pattern, nil):
            guard let text = observation.contents[path]?.text, case .success(let regex) = ExtendedRegex.compile(pattern) else { break }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard let index = lines.firstIndex(where: { regex.matches(String($0)) }) else { break }
            let line = String(lines[index]).utf8Prefix(ProbeItem.defaultLineLimit)
            result.matched = true
            result.evidence = [LineMatch(path: path, line: index + 1, text: line.text, textIsCut: line.isCut)]
        case .content(_, _, .some):
            // An answer over max_matches with no match among the files searched fails the probe
            // (`ProbeError.unanswerable`): a host is never planned on a guess.
            guard let found = observation.contentGlob(for: probes(context).item(for: indicator)) else { break }
            result.matched = !found.matches.isEmpty
            result.evidence = found.matches
            if found.isTruncated { result.note = "searched the first \(found.searched) of \(found.total) paths" }
        default:
            result.matched = matches(indicator, observation, context: context)
        }
        return result
    }

    private func matches(_ indicator: Indicator, _ observation: HostObservation, context: EvaluationContext) -> Bool {
        switch indicator {
        case .file(let path, let digest):
            guard let file = observation.files[path], file.presence == .present else { return false }
            return digest == nil || file.sha256 == digest
        case .content:
            return evaluate(indicator, observation, context: context).matched
        case .process(let name):
            return observation.processes[name] == true
        case .mapping(let target, let alias, let handler):
            guard let text = observation.contents[target.config]?.text else { return false }
            return MappingEditor.maps(text, target: target, alias: alias, handler: handler)
        case .command(let run, let expectExit):
            return observation.commands[probes(context).render(run)] == Int32(expectExit)
        }
    }

    // MARK: Steps

    /// What a step's check sees on this host, given what conditions see.
    func stepContext(_ context: EvaluationContext) -> StepContext {
        StepContext(playbook: playbook, evaluation: context, patchSizes: patchSizes)
    }

    /// What one step would do on the host as observed: the check before acting, and (on the
    /// state observed after acting) the verification, which must find nothing left to do.
    func decide(_ step: Step, _ observation: HostObservation, context: EvaluationContext) -> StepPlan {
        var plan = StepPlan(name: step.name, kind: step.kind, action: .ok, reason: "")
        if let when = step.when, !(when.evaluate(in: context) == .bool(true)) {
            plan.action = .skip
            plan.reason = "when is false: not (\(when.words))"
            return plan
        }
        step.handler.decide(observation, stepContext(context), into: &plan)
        return plan
    }
}
