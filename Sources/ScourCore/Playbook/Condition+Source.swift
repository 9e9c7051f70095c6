extension Condition {
    /// The expression as the playbook language writes it (`host.docroot ?? "/var/www"`,
    /// `detected.worm && !param.dry_run`): how a template is shown as written.
    public var source: String {
        switch self {
        case .literal(let value): value.description
        case .detected(let name): "detected.\(name)"
        case .param(let name): "param.\(name)"
        case .host(let name, nil): "host.\(name)"
        case .host(let name, let value?): "host.\(name) ?? \(value)"
        case .changed: "changed"
        case .stepChanged(let name): "step.\(name).changed"
        case .not(let inner): "!" + inner.operandSource(under: self)
        case .and(let lhs, let rhs): "\(lhs.operandSource(under: self)) && \(rhs.operandSource(under: self))"
        case .or(let lhs, let rhs): "\(lhs.operandSource(under: self)) || \(rhs.operandSource(under: self))"
        case .compare(let comparison, let lhs, let rhs):
            "\(lhs.operandSource(under: self)) \(comparison.rawValue) \(rhs.operandSource(under: self))"
        }
    }

    /// `source`, parenthesised where the operator around it binds tighter (an `&&` chain needs
    /// none inside `&&`, nor an `||` chain inside `||`).
    private func operandSource(under parent: Condition) -> String {
        switch (self, parent) {
        case (.and, .and), (.or, .or): source
        case (.and, _), (.or, _), (.compare, _), (.host(_, .some), _): "(\(source))"
        default: source
        }
    }
}
