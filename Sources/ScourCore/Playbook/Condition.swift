/// A type-checked boolean-or-value expression: a step's `when`, or a `${}` interpolation.
public indirect enum Condition: Sendable, Hashable {
    case literal(Value)
    /// `detected.NAME`: the host matched that detect block.
    case detected(String)
    case param(String)
    /// `host.NAME`: an inventory variable (`host.name`, `host.address` always exist);
    /// `host.NAME ?? default` gives the value for hosts that do not set it.
    case host(String, default: Value? = nil)
    /// `changed`: an earlier step changed this host in this run.
    case changed
    /// `step.NAME.changed`: that earlier step changed this host in this run.
    case stepChanged(String)
    case not(Condition)
    case and(Condition, Condition)
    case or(Condition, Condition)
    case compare(Comparison, Condition, Condition)

    public enum Comparison: String, Sendable, Hashable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

        var words: String {
            switch self {
            case .equal: "is"
            case .notEqual: "is not"
            case .less: "is less than"
            case .lessOrEqual: "is at most"
            case .greater: "is more than"
            case .greaterOrEqual: "is at least"
            }
        }
    }

    /// The condition in plain words, for `scour explain`.
    public var words: String {
        switch self {
        case .literal(.bool(true)): "always"
        case .literal(.bool(false)): "never"
        case .literal(let value): value.description
        case .detected(let name): "the host matched detect \"\(name)\""
        case .param(let name): "param \(name) is set"
        case .host(let name, nil): "host variable \(name)"
        case .host(let name, let value?): "host variable \(name) (\(value) where unset)"
        case .changed: "an earlier step changed the host"
        case .stepChanged(let name): "step \"\(name)\" changed the host"
        case .not(.detected(let name)): "the host did not match detect \"\(name)\""
        case .not(.param(let name)): "param \(name) is not set"
        case .not(.changed): "no earlier step changed the host"
        case .not(.stepChanged(let name)): "step \"\(name)\" did not change the host"
        case .not(let inner): "not (\(inner.words))"
        case .and(let lhs, let rhs): "\(lhs.grouped(in: self)) and \(rhs.grouped(in: self))"
        case .or(let lhs, let rhs): "\(lhs.grouped(in: self)) or \(rhs.grouped(in: self))"
        case .compare(let comparison, let lhs, let rhs): "\(lhs.operandWords) \(comparison.words) \(rhs.operandWords)"
        }
    }

    private var operandWords: String {
        switch self {
        case .param(let name): "param \(name)"
        default: words
        }
    }

    private func grouped(in parent: Condition) -> String {
        switch (self, parent) {
        case (.or, .and), (.and, .or): "(\(words))"
        default: words
        }
    }
}

/// A string that may hold `${}` interpolations (commands, descriptions).
public struct Template: Sendable, Hashable, CustomStringConvertible {
    public enum Part: Sendable, Hashable {
        case text(String)
        case value(Condition)
    }

    public var parts: [Part]

    public init(parts: [Part]) { self.parts = parts }
    public init(_ text: String) { parts = [.text(text)] }

    /// The text when there is nothing to interpolate.
    public var literal: String? {
        if parts.isEmpty { return "" }
        guard parts.count == 1, case .text(let text) = parts[0] else { return nil }
        return text
    }

    /// The template as the playbook writes it: `rm -f ${host.docroot}/root.exe`.
    public var description: String {
        parts.map { part in
            switch part {
            case .text(let text): text
            case .value(let condition): "${\(condition.source)}"
            }
        }.joined()
    }
}
