import ScourSyntax

extension AnalysisContext {
    /// A path, pattern or name that may interpolate params and host variables
    /// (`"${host.web_root}/admin.dll"`). A literal comes back as its value, for the caller to
    /// check; an interpolated one as its source text, recorded in `interpolations` with the
    /// `rule` each host's value must pass before that host is contacted. `detected.X` and
    /// `changed` are refused: they are known only once the host is probed.
    func readHostValue(_ expression: Expression, what: @autoclosure () -> String, rule: ValueRule) -> String? {
        guard case .string(let literal) = expression.kind, literal.literalValue == nil else {
            return readString(expression, what: what())
        }
        let parts = templateParts(of: literal) { inner -> Condition? in
            guard let typed = checkExpression(inner) else { return nil }
            guard typed.condition.isKnownBeforeProbing else {
                error("\(what()) can interpolate params and host variables only", at: inner.range,
                      help: "detected.NAME and changed are known only once the host is probed; test them in 'when'")
                return nil
            }
            guard typed.type != .bool && typed.type != .duration else {
                error("\(what()) interpolates a \(typed.type.rawValue); a path, pattern or name takes text or numbers", at: inner.range)
                return nil
            }
            return typed.condition
        }
        guard let parts else { return nil }
        let key = source.text(of: expression.range)
        interpolations[key] = Interpolation(template: Template(parts: parts), rule: rule, what: what())
        return key
    }

    /// Whether `value` came from `readHostValue` as an interpolation: its rule is checked per host.
    func isInterpolated(_ value: String) -> Bool { interpolations[value] != nil }
}
