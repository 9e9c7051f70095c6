/// A typed value of the language: a param's default or value, a literal in a condition.
public enum Value: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case string(String)
    case number(Double)
    case duration(Duration)

    public var type: ValueType {
        switch self {
        case .bool: .bool
        case .string: .string
        case .number: .number
        case .duration: .duration
        }
    }

    /// As the language writes it.
    public var description: String {
        switch self {
        case .bool(let value): String(value)
        case .string(let value): "\"\(value)\""
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .duration(let value): value.scourLiteral
        }
    }

    /// Reads a `--param name=value` text as a value of `type`; nil when it is not one.
    public init?(parsing text: String, as type: ValueType) {
        switch type {
        case .bool:
            guard let value = Bool(text) else { return nil }
            self = .bool(value)
        case .string: self = .string(text)
        case .number:
            guard let value = Double(text), value.isFinite else { return nil }
            self = .number(value)
        case .duration:
            guard let value = Duration(scourLiteral: text) else { return nil }
            self = .duration(value)
        case .hostVariable: return nil
        }
    }
}

/// The type of a value or of an expression.
public enum ValueType: String, Sendable, Hashable {
    case bool, string, number, duration
    /// An inventory variable (`host.NAME`): known only per host, compared as text.
    case hostVariable = "host variable"
}
