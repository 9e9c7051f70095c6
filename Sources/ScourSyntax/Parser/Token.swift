/// A lexical token: kind plus UTF-8 byte offsets `[start, end)`.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case identifier(String)
        case integer(Int64)
        case decimal(Double)
        case percentage(Double)
        case duration(milliseconds: Int64)
        case size(bytes: Int64)
        case string([StringSegment], StringLiteral.Style)
        case leftBrace, rightBrace, leftBracket, rightBracket, leftParen, rightParen
        case comma, dot, equals, semicolon, newline
        case bang, minus, or, and, coalesce, equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
        /// Text the lexer could not make sense of (already diagnosed).
        case invalid
        case endOfFile
    }

    var kind: Kind
    var start: Int
    var end: Int
}

/// A piece of a string token: literal text, or the byte range of a `${...}` to parse later.
enum StringSegment: Sendable, Equatable {
    case text(String)
    case interpolation(start: Int, end: Int)
}

extension Token.Kind {
    /// How the token reads in "expected X, found Y" messages.
    var description: String {
        switch self {
        case .identifier(let name): "'\(name)'"
        case .integer, .decimal, .percentage, .duration, .size: "a number"
        case .string: "a string"
        case .leftBrace: "'{'"
        case .rightBrace: "'}'"
        case .leftBracket: "'['"
        case .rightBracket: "']'"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .comma: "','"
        case .dot: "'.'"
        case .equals: "'='"
        case .semicolon: "';'"
        case .newline: "end of line"
        case .bang: "'!'"
        case .minus: "'-'"
        case .or: "'||'"
        case .and: "'&&'"
        case .coalesce: "'??'"
        case .equal: "'=='"
        case .notEqual: "'!='"
        case .less: "'<'"
        case .lessOrEqual: "'<='"
        case .greater: "'>'"
        case .greaterOrEqual: "'>='"
        case .invalid: "invalid text"
        case .endOfFile: "end of file"
        }
    }

    /// Whether an expression can start with this token (what may follow a binary operator).
    var beginsValue: Bool {
        switch self {
        case .identifier, .integer, .decimal, .percentage, .duration, .size, .string, .leftBracket, .leftParen, .bang, .minus,
            .invalid:
            true
        default: false
        }
    }

    var binaryOperator: BinaryOperator? {
        switch self {
        case .or: .or
        case .and: .and
        case .coalesce: .coalesce
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        default: nil
        }
    }
}
