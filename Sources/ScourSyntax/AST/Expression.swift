/// An expression with its source range.
public struct Expression: Sendable, Hashable {
    public var kind: ExpressionKind
    public var range: SourceRange
    public init(_ kind: ExpressionKind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public indirect enum ExpressionKind: Sendable, Hashable {
    case string(StringLiteral)
    case number(Int64)
    case decimal(Double)
    /// `10%` is `.percentage(10)`.
    case percentage(Double)
    /// `text` is the literal as written (`30s`), for messages and formatting.
    case duration(milliseconds: Int64, text: String)
    case size(bytes: Int64, text: String)
    case bool(Bool)
    /// A bare word: `linux`, `apache`, `any`, `manual`, `changed`.
    case identifier(String)
    /// `base.name`: `detected.x`, `param.x`, `host.x`.
    case member(base: Expression, name: Identifier)
    /// `file('/x')`, `package("apache2", ">= 2.4.62")`.
    case call(name: Identifier, arguments: [Expression])
    case list([Expression])
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)
    case parenthesized(Expression)
    /// Placeholder after a syntax error (already diagnosed).
    case invalid
}

public enum UnaryOperator: String, Sendable, Hashable {
    case not = "!"
    case negate = "-"
}

public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case or = "||"
    case and = "&&"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    /// `host.X ?? "default"`: the value when the host variable is unset.
    case coalesce = "??"

    /// Binding strength as in C: `||` < `&&` < equality < relational; `??` binds tightest, as
    /// in Swift, so `host.role ?? "web" == "web"` compares the defaulted value.
    public var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .equal, .notEqual: 3
        case .less, .lessOrEqual, .greater, .greaterOrEqual: 4
        case .coalesce: 5
        }
    }
}

/// A string literal. `parts` alternate text and `${}` interpolations; raw strings and
/// literal heredocs have a single text part.
public struct StringLiteral: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        /// `"..."`
        case quoted
        /// `'...'`
        case raw
        /// `<<EOT` (or `<<-EOT` when `indented`), with its delimiter word; `literal` when the
        /// delimiter is quoted (`<<'EOT'`), which turns interpolation off.
        case heredoc(delimiter: String, indented: Bool, literal: Bool)
    }

    public enum Part: Sendable, Hashable {
        case text(String)
        case interpolation(Expression)
    }

    public var parts: [Part]
    public var style: Style
    public var range: SourceRange

    public init(parts: [Part], style: Style, range: SourceRange) {
        self.parts = parts
        self.style = style
        self.range = range
    }

    /// The value when there is no interpolation, else nil.
    public var literalValue: String? {
        var value = ""
        for part in parts {
            guard case .text(let text) = part else { return nil }
            value += text
        }
        return value
    }
}
