import ScourSyntax

/// `host.NAME ?? default`: only host variables take a default (see `HostVariableReads`).
extension ExpressionChecker {
    /// `lhs ?? rhs`: `lhs` must be `host.NAME`, `rhs` a string or number literal.
    mutating func checkDefault(_ lhs: Expression, _ rhs: Expression) -> Typed? {
        let variable = Self.unparenthesized(lhs)
        guard case .member(let root, let name) = variable.kind, case .identifier("host") = root.kind else {
            refuseDefault(of: variable)
            return nil
        }
        if refusesSecret(name.name, at: variable.range) { return nil }
        guard let value = readDefault(rhs) else { return nil }
        if HostVariableReads.alwaysSet.contains(name.name) {
            diagnostics.warning("host.\(name.name) is set on every host: the default is never used", at: rhs.range)
            return Typed(condition: .host(name.name), type: .string)
        }
        hostVariables.readWithDefault(name.name)
        return Typed(condition: .host(name.name, default: value), type: .hostVariable)
    }

    /// Explains why what precedes `??` takes no default.
    private mutating func refuseDefault(of expression: Expression) {
        if case .binary(.coalesce, _, _) = expression.kind {
            diagnostics.error("a host variable takes one default", at: expression.range, help: "write host.NAME ?? \"default\"")
            return
        }
        guard let typed = check(expression) else { return }
        switch typed.condition {
        case .param(let name):
            diagnostics.error("'??' gives a default to a host variable, but param.\(name) always has a value", at: expression.range,
                              help: "a param's default goes in its block: param \"\(name)\" { … default = … }")
        case .detected, .changed, .stepChanged:
            diagnostics.error("'??' gives a default to a host variable, but this is always true or false", at: expression.range)
        default:
            diagnostics.error("'??' gives a default to a host variable: host.NAME ?? \"default\"", at: expression.range)
        }
    }

    /// The default after `??`: a string without interpolation, or a number (host variables are text).
    private func readDefault(_ expression: Expression) -> Value? {
        switch expression.kind {
        case .invalid: return nil
        case .string(let literal):
            guard let text = literal.literalValue else {
                diagnostics.error("a default cannot hold an interpolation", at: expression.range,
                                  help: "the default is a literal string or number")
                return nil
            }
            return .string(text)
        case .number(let value): return .number(Double(value))
        case .decimal(let value): return .number(value)
        case .unary(.negate, let operand):
            if case .number(let value) = operand.kind { return .number(-Double(value)) }
            if case .decimal(let value) = operand.kind { return .number(-value) }
        case .duration, .size, .percentage, .bool:
            let text = source.text(of: expression.range)
            diagnostics.error("a host variable's default must be a string or a number, found \(expression.kindInWords)",
                              at: expression.range, help: "host variables are text: write \"\(text)\"",
                              fixIts: [.init(range: expression.range, replacement: "\"\(text)\"")])
            return nil
        default: break
        }
        diagnostics.error("a host variable's default must be a string or a number literal, found \(expression.kindInWords)",
                          at: expression.range, help: "for example host.web_root ?? \"/var/www/html\"")
        return nil
    }

    private static func unparenthesized(_ expression: Expression) -> Expression {
        if case .parenthesized(let inner) = expression.kind { return unparenthesized(inner) }
        return expression
    }
}
