import ScourSyntax

/// The playbook's steps as `step.NAME.changed` refers to them: whether an earlier step changed
/// the host. Only a step that runs before the one asking can be named, so the answer is always
/// known when the condition is evaluated. Declared from the step blocks, in order, before any
/// of them is read.
struct StepReferences {
    /// A step's name and where it is declared.
    struct Declaration {
        var name: String
        var label: SourceRange
        var block: SourceRange
    }

    private let declarations: [Declaration]
    /// The first step of each name (a duplicate is reported where the steps are read).
    private var index: [String: Int] = [:]

    init(_ blocks: [Block] = []) {
        declarations = blocks.compactMap { block in
            guard let label = block.label, let name = label.literalValue else { return nil }
            return Declaration(name: name, label: label.range, block: block.range)
        }
        for (position, step) in declarations.enumerated() where index[step.name] == nil {
            index[step.name] = position
        }
    }

    /// `step.STEP.PROPERTY` at `range`, or nil once what is wrong is reported.
    func changed(step: Identifier, property: Identifier, range: SourceRange, diagnostics: DiagnosticLog) -> Condition? {
        guard property.name == "changed" else {
            let hint = diagnostics.suggestion(for: property.name, at: property.range, among: ["changed"])
            diagnostics.error("a step has no '\(property.name)': write step.\(step.name).changed", at: property.range,
                              help: hint.help, fixIts: hint.fixIts)
            return nil
        }
        guard let position = index[step.name] else {
            let names = declarations.map(\.name)
            let hint = diagnostics.suggestion(for: step.name, at: step.range, among: names)
            let close = DidYouMean.suggest(step.name, among: names).flatMap { index[$0] }.map { declarations[$0] }
            diagnostics.error("unknown step '\(step.name)'", at: step.range,
                              notes: close.map { [.init("step '\($0.name)' is declared here", range: $0.label)] } ?? [],
                              help: hint.help ?? "step.NAME.changed names an earlier step of this playbook", fixIts: hint.fixIts)
            return nil
        }
        let declaration = declarations[position]
        guard let current = enclosingStep(of: range) else {
            diagnostics.error("step.\(step.name).changed is known only inside a step", at: range,
                              help: "use it in the 'when' or the commands of a step after '\(step.name)'")
            return nil
        }
        if current == position {
            diagnostics.error("a step cannot depend on its own changes", at: step.range,
                              notes: [.init("this is step '\(step.name)'", range: declaration.label)],
                              help: "name an earlier step, or use 'changed' for any earlier step")
            return nil
        }
        if position > current {
            diagnostics.error("step '\(step.name)' runs after this one: whether it changed the host is not known yet", at: step.range,
                              notes: [.init("step '\(step.name)' is declared here, after this one", range: declaration.label)],
                              help: "steps run in order; test step.\(step.name).changed from a step after it")
            return nil
        }
        return .stepChanged(step.name)
    }

    /// The position of the step whose block holds `range`, found by bisection (blocks are in
    /// source order).
    private func enclosingStep(of range: SourceRange) -> Int? {
        var (low, high) = (0, declarations.count)
        while low < high {
            let middle = (low + high) / 2
            if declarations[middle].block.end.offset <= range.start.offset { low = middle + 1 } else { high = middle }
        }
        guard low < declarations.count, declarations[low].block.start.offset <= range.start.offset else { return nil }
        return low
    }
}
