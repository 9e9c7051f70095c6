import ScourSyntax

/// `host.NAME ?? default` and the reads of host variables without one. Only host variables take
/// a default: they are the only values a host may lack (a param always has its default or its
/// `--param` value, a detect block always matched or not, a step always changed the host or not).
extension AnalysisContext {
    /// Set on every host by the inventory itself.
    static let alwaysSetHostVariables: Set<String> = ["name", "address"]

    /// Notes a read of `host.NAME` without a default, for `HostVariableCheck` and check's warning.
    func noteHostVariable(_ name: String, at range: SourceRange) {
        guard hostVariablesSeen.insert(name).inserted else { return }
        hostVariableUses.append(HostVariableUse(name: name, range: range))
    }

    /// `lhs ?? rhs`: `lhs` must be `host.NAME`, `rhs` a string or number literal.
    func checkDefault(_ lhs: Expression, _ rhs: Expression) -> Typed? {
        let variable = Self.unparenthesized(lhs)
        guard case .member(let root, let name) = variable.kind, case .identifier("host") = root.kind else {
            refuseDefault(of: variable)
            return nil
        }
        guard let value = readDefault(rhs) else { return nil }
        if Self.alwaysSetHostVariables.contains(name.name) {
            warning("host.\(name.name) is set on every host: the default is never used", at: rhs.range)
            return Typed(condition: .host(name.name), type: .string)
        }
        defaultedHostVariables.insert(name.name)
        return Typed(condition: .host(name.name, default: value), type: .hostVariable)
    }

    /// Explains why what precedes `??` takes no default.
    private func refuseDefault(of expression: Expression) {
        if case .binary(.coalesce, _, _) = expression.kind {
            error("a host variable takes one default", at: expression.range, help: "write host.NAME ?? \"default\"")
            return
        }
        guard let typed = checkExpression(expression) else { return }
        switch typed.condition {
        case .param(let name):
            error("'??' gives a default to a host variable, but param.\(name) always has a value", at: expression.range,
                  help: "a param's default goes in its block: param \"\(name)\" { … default = … }")
        case .detected, .changed, .stepChanged:
            error("'??' gives a default to a host variable, but this is always true or false", at: expression.range)
        default:
            error("'??' gives a default to a host variable: host.NAME ?? \"default\"", at: expression.range)
        }
    }

    /// The default after `??`: a string without interpolation, or a number (host variables are text).
    private func readDefault(_ expression: Expression) -> Value? {
        switch expression.kind {
        case .invalid: return nil
        case .string(let literal):
            guard let text = literal.literalValue else {
                error("a default cannot hold an interpolation", at: expression.range,
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
            error("a host variable's default must be a string or a number, found \(Self.describe(expression))",
                  at: expression.range, help: "host variables are text: write \"\(text)\"",
                  fixIts: [.init(range: expression.range, replacement: "\"\(text)\"")])
            return nil
        default: break
        }
        error("a host variable's default must be a string or a number literal, found \(Self.describe(expression))",
              at: expression.range, help: "for example host.web_root ?? \"/var/www/html\"")
        return nil
    }

    private static func unparenthesized(_ expression: Expression) -> Expression {
        if case .parenthesized(let inner) = expression.kind { return unparenthesized(inner) }
        return expression
    }

    /// Hands the host variables read without a default to the playbook, for `HostVariableCheck`
    /// at plan and apply. `scour check` has no inventory: it warns about each one instead.
    func finishHostVariables(_ playbook: inout Playbook?) {
        playbook?.hostVariables = hostVariableUses
        guard purpose == .check else { return }
        let names = hostVariableUses.map(\.name) + defaultedHostVariables.sorted()
        for use in hostVariableUses {
            let close = DidYouMean.suggest(use.name, among: names)
            let help = close.map { "the playbook also reads host.\($0): is one of the two misspelt?" }
                ?? "give a default for hosts without it: host.\(use.name) ?? \"…\""
            warning("every host must set the host variable '\(use.name)': plan and apply stop if one does not", at: use.range,
                    help: help)
        }
    }
}
