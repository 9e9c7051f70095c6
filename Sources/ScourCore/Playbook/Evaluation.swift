/// What a condition or a template can see on one host, during planning and execution.
public struct EvaluationContext: Sendable {
    /// Names of the detect blocks the host matched.
    public var detected: Set<String>
    /// Names of the detect blocks whose answer is unknown on the host: an indicator could not be
    /// looked at, and the others do not decide the block.
    public var unknownDetections: Set<String>
    /// Every param's value (defaults applied, `--param` overrides).
    public var params: [String: Value]
    /// The host's inventory variables, as text; `name` and `address` always.
    public var host: [String: String]
    /// An earlier step changed the host in this run.
    public var changed: Bool
    /// The earlier steps that changed the host in this run (in an earlier attempt too, on resume).
    public var changedSteps: Set<String>
    /// The earlier steps whose decision is unknown (their check could not look): whether they
    /// change the host is unknown, so `changed` is unknown unless another step did.
    public var unknownSteps: Set<String> = []

    public init(detected: Set<String>, params: [String: Value], host: [String: String], changed: Bool,
                changedSteps: Set<String> = [], unknownDetections: Set<String> = []) {
        self.detected = detected
        self.unknownDetections = unknownDetections
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

    /// The value on one host, an unknown one (a `detected.X` whose block is unknown) read as
    /// false: for templates. A `when` is decided by `truth(in:)`, which keeps the unknown.
    public func evaluate(in context: EvaluationContext) -> Value { knownValue(in: context) ?? .bool(false) }

    /// Whether a boolean condition holds on one host: true, false, or unknown when it rests on
    /// a detect block whose answer is unknown and the rest does not decide it (Kleene's logic:
    /// `false && unknown` is false, `true || unknown` is true).
    public func truth(in context: EvaluationContext) -> Truth {
        switch self {
        case .not(let inner): return !inner.truth(in: context)
        case .and(let lhs, let rhs): return lhs.truth(in: context) && rhs.truth(in: context)
        case .or(let lhs, let rhs): return lhs.truth(in: context) || rhs.truth(in: context)
        default: return knownValue(in: context).map { Truth($0.isTrue) } ?? .unknown
        }
    }

    /// The detect blocks the condition reads (`detected.NAME`), in order, each once.
    public var detectsRead: [String] {
        switch self {
        case .detected(let name): [name]
        case .literal, .param, .host, .changed, .stepChanged: []
        case .not(let inner): inner.detectsRead
        case .and(let lhs, let rhs), .or(let lhs, let rhs), .compare(_, let lhs, let rhs):
            lhs.detectsRead + rhs.detectsRead.filter { !lhs.detectsRead.contains($0) }
        }
    }

    /// The value on one host; nil when it is unknown. Analysis guaranteed the types, so a
    /// `when` gives a `.bool`. A host variable the host does not set takes its `??` default;
    /// without one it is the empty string (and compares as such) — but `HostVariableCheck`
    /// refuses to plan such a run.
    private func knownValue(in context: EvaluationContext) -> Value? {
        switch self {
        case .literal(let value): return value
        case .detected(let name): return context.unknownDetections.contains(name) ? nil : .bool(context.detected.contains(name))
        case .param(let name): return context.params[name] ?? .bool(false)
        case .host(let name, let fallback): return context.host[name].map(Value.string) ?? fallback ?? .string("")
        case .changed: return context.changed || context.unknownSteps.isEmpty ? .bool(context.changed) : nil
        case .stepChanged(let name):
            return context.unknownSteps.contains(name) ? nil : .bool(context.changedSteps.contains(name))
        case .not, .and, .or: return truth(in: context).known.map(Value.bool)
        case .compare(let comparison, let lhs, let rhs):
            guard let lhs = lhs.knownValue(in: context), let rhs = rhs.knownValue(in: context) else { return nil }
            return .bool(Self.compare(comparison, lhs, rhs))
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

/// A condition's answer on a host that could not be seen whole: true, false or unknown, with
/// Kleene's strong three-valued logic.
public enum Truth: Sendable, Hashable {
    case `true`, `false`, unknown

    public init(_ value: Bool) { self = value ? .true : .false }

    /// The answer when it is known.
    public var known: Bool? {
        switch self {
        case .true: true
        case .false: false
        case .unknown: nil
        }
    }

    public static prefix func ! (truth: Truth) -> Truth {
        truth.known.map { Truth(!$0) } ?? .unknown
    }

    /// False when either side is false, whatever the other; true when both are.
    public static func && (lhs: Truth, rhs: @autoclosure () -> Truth) -> Truth {
        if lhs == .false { return .false }
        let rhs = rhs()
        if rhs == .false { return .false }
        return lhs == .true && rhs == .true ? .true : .unknown
    }

    /// True when either side is true, whatever the other; false when both are.
    public static func || (lhs: Truth, rhs: @autoclosure () -> Truth) -> Truth {
        !(!lhs && !rhs())
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
