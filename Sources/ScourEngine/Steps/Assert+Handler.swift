import ScourCore
import ScourHost

/// An assert's check is its whole step: it holds (`ok`), does not (`blocked`: the host fails
/// there), cannot be told (`unknown`), or cannot be judged before apply reaches it (`atApply`).
/// In the plan it is judged on the host model — the host as the earlier steps leave it; in
/// apply on the host as probed right then (`Assert+Apply.swift`).
extension Assert: StepHandler {
    func probeItems(_ context: StepContext) -> [ProbeItem] {
        let probes = context.probes
        switch claim {
        case .indicators(let indicators, _): return indicators.map(probes.item(for:))
        case .condition(let condition):
            let read = context.playbook.detects.filter { condition.detectsRead.contains($0.name) }
            return read.flatMap(\.indicators).map(probes.item(for:))
        case .command(let command): return [.command(run: context.render(command), timeoutSeconds: ProbeItem.defaultCommandTimeoutSeconds)]
        }
    }

    func decide(_ observation: HostObservation, _ context: StepContext, into plan: inout StepPlan) {
        if let deferral = deferral(context.model, context) {
            plan.action = .atApply
            plan.reason = deferral
            return
        }
        // The plan says what apply would find; apply says what it found.
        let failing = context.model == nil ? "does not hold" : "would fail"
        switch claim {
        case .indicators(let indicators, let expect):
            let results = indicators.map { context.probes.evaluate($0, observation) }
            plan.indicators = results
            let wrong = results.filter { $0.truth == (expect == .absent ? .true : .false) }
            let unseen = results.compactMap(\.unseen)
            if !wrong.isEmpty {
                plan.action = .blocked
                plan.reason = "\(failing): " + (expect == .absent ? "found: " : "not so: ") + wrong.map(Self.words).joined(separator: "; ")
            } else if !unseen.isEmpty {
                plan.cannotTell("whether it holds", unseen.flatMap { $0 })
            } else {
                plan.reason = "holds: " + (expect == .absent ? "none of: " : "all of: ") + results.map(\.indicator).joined(separator: "; ")
            }
        case .condition(let condition):
            let detections = context.probes.detections(observation)
            var evaluation = context.evaluation
            evaluation.detected = Set(detections.filter(\.matched).map(\.name))
            evaluation.unknownDetections = Set(detections.filter(\.unknown).map(\.name))
            switch condition.truth(in: evaluation) {
            case .true: plan.reason = "holds: \(condition.words)"
            case .false:
                plan.action = .blocked
                let found = detections.filter { condition.detectsRead.contains($0.name) && $0.matched }
                    .map { "detect \"\($0.name)\" matched: " + $0.indicators.filter(\.matched).map(Self.words).joined(separator: "; ") }
                plan.reason = "\(failing): not so that \(condition.words)" + (found.isEmpty ? "" : " (\(found.joined(separator: "; ")))")
            case .unknown:
                let unseen = detections.filter { condition.detectsRead.contains($0.name) && $0.unknown }
                    .flatMap { $0.indicators.compactMap(\.unseen).flatMap { $0 } }
                plan.cannotTell("whether \(condition.words)", unseen)
            }
        case .command(let command):
            let rendered = context.render(command)
            switch observation.command(rendered, exited: 0) {
            case .true?: plan.reason = "holds: \(Self.named(rendered)) exits 0"
            case .false?:
                plan.action = .blocked
                plan.reason = "\(failing): \(Self.named(rendered)) exits \(observation.commands[rendered].map(String.init) ?? "non-zero")"
            case .unknown?: plan.cannotTell("whether \(Self.named(rendered)) exits 0", [Unseen(.timedOut)])
            case nil: plan.cannotTell("whether \(Self.named(rendered)) exits 0", [Unseen(.ioError)])
            }
        }
    }

    /// Why the host model cannot judge the claim, or nil: a command may read anything, so any
    /// earlier change leaves it to apply; indicators are judged on the model unless a step
    /// whose effect it cannot settle (a command, a reboot) changed the host before.
    private func deferral(_ model: ModelHistory?, _ context: StepContext) -> String? {
        guard let model else { return nil }
        if case .command(let command) = claim, !model.changedBy.isEmpty {
            return "\(Self.named(context.render(command))) runs when apply gets here, after \(Self.steps(model.changedBy)) change\(model.changedBy.count == 1 ? "s" : "") the host"
        }
        guard !model.unsettledBy.isEmpty else { return nil }
        return "checked when apply gets here: the plan cannot tell what \(Self.steps(model.unsettledBy)) leave\(model.unsettledBy.count == 1 ? "s" : "") on the host"
    }

    /// A command as a reason names it: in backquotes, its first line only (the playbook has
    /// the rest), so a heredoc's script does not fill the plan's line.
    static func named(_ command: String) -> String {
        let lines = command.split(separator: "\n", omittingEmptySubsequences: true)
        return "`\(lines.first ?? "")`" + (lines.count > 1 ? " (and \(lines.count - 1) more line\(lines.count == 2 ? "" : "s"))" : "")
    }

    private static func steps(_ names: [String]) -> String { names.map { "step \"\($0)\"" }.joined(separator: ", ") }

    /// An indicator judged, with the first of what it found: a file's line, a process.
    private static func words(_ result: IndicatorResult) -> String {
        if let line = result.evidence?.first { return "\(result.indicator) (\(line.path):\(line.line): \(line.text))" }
        if let process = result.processes?.first { return "\(result.indicator) (pid \(process.pid), \(process.executable))" }
        return result.indicator
    }

    /// An assert changes nothing: never decided `change`, so never projected.
    func project(_ decided: StepPlan, onto model: inout HostObservation, _ context: StepContext) -> String? { nil }

    /// Never called: an assert is never decided `change` (apply checks it in `check`).
    func act(_ acting: StepActing) async throws -> ActionResult { throw StepFailure("an assert does not act") }

    var changesHost: Bool { false }
}
