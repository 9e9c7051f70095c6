/// What a condition or a template can see on one host, during planning and execution.
public struct EvaluationContext: Sendable {
    /// Names of the detect blocks the host matched.
    public var detected: Set<String>
    /// Every param's value (defaults applied, `--param` overrides).
    public var params: [String: Value]
    /// The host's inventory variables, as text; `name` and `address` always.
    public var host: [String: String]
    /// An earlier step changed the host in this run.
    public var changed: Bool
    /// The earlier steps that changed the host in this run (in an earlier attempt too, on resume).
    public var changedSteps: Set<String>

    public init(detected: Set<String>, params: [String: Value], host: [String: String], changed: Bool,
                changedSteps: Set<String> = []) {
        self.detected = detected
        self.params = params
        self.host = host
        self.changed = changed
        self.changedSteps = changedSteps
    }

    /// Notes that `step` changed the host, for `changed` and `step.NAME.changed` in the steps after it.
    public mutating func recordChange(by step: String) {
        changed = true
        changedSteps.insert(step)
    }
}

extension Condition {
    /// Whether the value is known before the host is probed: it reads no `detected.X` and
    /// no `changed`, only literals, params and host variables.
    public var isKnownBeforeProbing: Bool {
        switch self {
        case .literal, .param, .host: true
        case .detected, .changed, .stepChanged: false
        case .not(let inner): inner.isKnownBeforeProbing
        case .and(let lhs, let rhs), .or(let lhs, let rhs), .compare(_, let lhs, let rhs):
            lhs.isKnownBeforeProbing && rhs.isKnownBeforeProbing
        }
    }

    /// The value on one host. Analysis guaranteed the types, so a `when` gives a `.bool`. A
    /// host variable the host does not set takes its `??` default; without one it is the empty
    /// string (and compares as such) — but `HostVariableCheck` refuses to plan such a run.
    public func evaluate(in context: EvaluationContext) -> Value {
        switch self {
        case .literal(let value): return value
        case .detected(let name): return .bool(context.detected.contains(name))
        case .param(let name): return context.params[name] ?? .bool(false)
        case .host(let name, let fallback): return context.host[name].map(Value.string) ?? fallback ?? .string("")
        case .changed: return .bool(context.changed)
        case .stepChanged(let name): return .bool(context.changedSteps.contains(name))
        case .not(let inner): return .bool(!inner.evaluate(in: context).isTrue)
        case .and(let lhs, let rhs): return .bool(lhs.evaluate(in: context).isTrue && rhs.evaluate(in: context).isTrue)
        case .or(let lhs, let rhs): return .bool(lhs.evaluate(in: context).isTrue || rhs.evaluate(in: context).isTrue)
        case .compare(let comparison, let lhs, let rhs):
            return .bool(Self.compare(comparison, lhs.evaluate(in: context), rhs.evaluate(in: context)))
        }
    }

    private static func compare(_ comparison: Comparison, _ lhs: Value, _ rhs: Value) -> Bool {
        let order: Int?  // -1, 0, 1; nil when the values do not order
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): order = a < b ? -1 : (a == b ? 0 : 1)
        case (.duration(let a), .duration(let b)): order = a < b ? -1 : (a == b ? 0 : 1)
        case (.bool(let a), .bool(let b)): order = a == b ? 0 : nil
        default:
            // A host variable (text) against anything: compare as numbers when both read as
            // numbers, else as text.
            let (a, b) = (lhs.text, rhs.text)
            if let x = Double(a), let y = Double(b) { order = x < y ? -1 : (x == y ? 0 : 1) }
            else { order = a < b ? -1 : (a == b ? 0 : 1) }
        }
        switch comparison {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order == -1
        case .lessOrEqual: return order == -1 || order == 0
        case .greater: return order == 1
        case .greaterOrEqual: return order == 1 || order == 0
        }
    }
}

extension Value {
    var isTrue: Bool { if case .bool(true) = self { true } else { false } }

    /// The value as interpolated into a command: text without quotes, numbers and durations as written.
    public var text: String {
        switch self {
        case .string(let value): value
        default: description
        }
    }
}

extension Template {
    /// The command with every interpolation replaced by its value on the host, each value
    /// passed through `quote` (the target shell's quoting), so an inventory variable or a param
    /// always reaches the remote shell as one literal word, never as shell syntax.
    public func render(in context: EvaluationContext, quote: (String) -> String) -> String {
        parts.map { part in
            switch part {
            case .text(let text): text
            case .value(let condition): quote(condition.evaluate(in: context).text)
            }
        }.joined()
    }
}
