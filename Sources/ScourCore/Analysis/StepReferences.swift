import ScourSyntax

/// A step as `step.NAME.changed` refers to it: its name and where it is declared.
struct StepDeclaration {
    var name: String
    var label: SourceRange
    var block: SourceRange
}

/// `step.NAME.changed`: whether an earlier step changed the host. Only a step that runs before
/// the one asking can be named, so the answer is always known when the condition is evaluated.
extension AnalysisContext {
    /// Declares the playbook's step blocks, in order, before any of them is read.
    func declareSteps(_ blocks: [Block]) {
        stepDeclarations = blocks.compactMap { block in
            guard let label = block.label, let name = label.literalValue else { return nil }
            return StepDeclaration(name: name, label: label.range, block: block.range)
        }
        for (index, step) in stepDeclarations.enumerated() where stepIndex[step.name] == nil {
            stepIndex[step.name] = index
        }
    }

    func checkStepChanged(step: Identifier, property: Identifier, range: SourceRange) -> Typed? {
        guard property.name == "changed" else {
            let hint = suggestion(for: property.name, at: property.range, among: ["changed"])
            error("a step has no '\(property.name)': write step.\(step.name).changed", at: property.range,
                  help: hint.help, fixIts: hint.fixIts)
            return nil
        }
        guard let index = stepIndex[step.name] else {
            let names = stepDeclarations.map(\.name)
            let hint = suggestion(for: step.name, at: step.range, among: names)
            let close = DidYouMean.suggest(step.name, among: names).flatMap { stepIndex[$0] }.map { stepDeclarations[$0] }
            error("unknown step '\(step.name)'", at: step.range,
                  notes: close.map { [.init("step '\($0.name)' is declared here", range: $0.label)] } ?? [],
                  help: hint.help ?? "step.NAME.changed names an earlier step of this playbook", fixIts: hint.fixIts)
            return nil
        }
        let declaration = stepDeclarations[index]
        guard let current = enclosingStep(of: range) else {
            error("step.\(step.name).changed is known only inside a step", at: range,
                  help: "use it in the 'when' or the commands of a step after '\(step.name)'")
            return nil
        }
        if current == index {
            error("a step cannot depend on its own changes", at: step.range,
                  notes: [.init("this is step '\(step.name)'", range: declaration.label)],
                  help: "name an earlier step, or use 'changed' for any earlier step")
            return nil
        }
        if index > current {
            error("step '\(step.name)' runs after this one: whether it changed the host is not known yet", at: step.range,
                  notes: [.init("step '\(step.name)' is declared here, after this one", range: declaration.label)],
                  help: "steps run in order; test step.\(step.name).changed from a step after it")
            return nil
        }
        return Typed(condition: .stepChanged(step.name), type: .bool)
    }

    /// The index of the step whose block holds `range`, found by bisection (blocks are in source order).
    private func enclosingStep(of range: SourceRange) -> Int? {
        var (low, high) = (0, stepDeclarations.count)
        while low < high {
            let middle = (low + high) / 2
            if stepDeclarations[middle].block.end.offset <= range.start.offset { low = middle + 1 } else { high = middle }
        }
        guard low < stepDeclarations.count, stepDeclarations[low].block.start.offset <= range.start.offset else { return nil }
        return low
    }
}
