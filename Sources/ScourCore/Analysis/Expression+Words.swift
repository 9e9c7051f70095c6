import ScourSyntax

extension Expression {
    /// What the expression is, in words, for "found …" in messages.
    var kindInWords: String {
        switch kind {
        case .string: "a string"
        case .number, .decimal: "a number"
        case .percentage: "a percentage"
        case .duration: "a duration"
        case .size: "a size"
        case .bool: "a boolean"
        case .identifier(let name): "'\(name)'"
        case .member, .unary, .binary, .parenthesized: "an expression"
        case .call(let name, _): "\(name.name)(…)"
        case .list: "a list"
        case .invalid: "an invalid expression"
        }
    }
}
