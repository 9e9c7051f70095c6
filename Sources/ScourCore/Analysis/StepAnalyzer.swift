import Foundation
import ScourSyntax

extension AnalysisContext {
    /// Attributes every step takes.
    static let commonStepAttributes = ["when", "retries", "timeout"]
    /// The attributes of each step kind, common ones included (built once, not per step).
    static let stepAttributes: [String: [String]] = Dictionary(
        uniqueKeysWithValues: StepKinds.all.map { ($0.keyword, commonStepAttributes + $0.attributes) })

    /// A step block whose kind is one of `StepKinds`: the common attributes here, the kind's own
    /// in its file.
    func readStep(_ block: Block, isFirst: Bool) -> Step? {
        guard let kind = StepKinds.named(block.kind.name) else { return nil }
        let reader = BlockReader(block, context: self, attributes: Self.stepAttributes[kind.keyword]!)
        let name = reader.requiredLabel(example: "\(kind.keyword) \"NAME\" { … }")
        var valid = true
        let when = readOptional(reader["when"], &valid, readCondition)
        if isFirst, case .changed? = when {
            warning("'changed' is never true on the first step: no earlier step can have changed the host",
                    at: reader["when"]!.value.range)
        }
        let retries = readOptional(reader["retries"], &valid) { readInteger($0, in: 0...100) }
        let timeout = readOptional(reader["timeout"], &valid) { readDuration($0) }
        let action = kind.read(reader, in: self, timeout: timeout)
        guard let name, let action, valid else { return nil }
        return Step(name: name, when: when, retries: retries, timeout: timeout, action: action)
    }

    /// An optional list attribute whose items are checked one by one; absent means empty.
    func readList(_ attribute: Attribute?, check: (String, SourceRange) -> String?) -> [String]? {
        guard let attribute else { return [] }
        guard let values = readStringList(attribute), case .list(let items) = attribute.value.kind else { return nil }
        let checked = zip(values, items).map { check($0, $1.range) }
        return checked.allSatisfy { $0 != nil } ? checked.map { $0! } : nil
    }
}
