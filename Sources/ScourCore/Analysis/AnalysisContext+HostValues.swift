import ScourSyntax

/// Paths, patterns and names: what a step acts on or a detect block looks at, which may
/// interpolate params and host variables. A literal one is checked here; an interpolated one
/// is checked on each host's value, by the same rule (`ValueRule`), before that host is contacted.
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
            guard let typed = expressions.check(inner) else { return nil }
            guard typed.condition.isKnownBeforeProbing else {
                diagnostics.error("\(what()) can interpolate params and host variables only", at: inner.range,
                                  help: "detected.NAME and changed are known only once the host is probed; test them in 'when'")
                return nil
            }
            guard typed.type != .bool && typed.type != .duration else {
                diagnostics.error("\(what()) interpolates a \(typed.type.rawValue); a path, pattern or name takes text or numbers", at: inner.range)
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

    /// An absolute path on the playbook's platform, which may interpolate params and host
    /// variables (then checked per host).
    func readPath(_ attribute: Attribute) -> String? {
        guard let path = readHostValue(attribute.value, what: "'\(attribute.name.name)'", rule: .path) else { return nil }
        return isInterpolated(path) ? path : checkedPath(path, at: attribute.value.range)
    }

    func checkedPath(_ path: String, at range: SourceRange) -> String? {
        if let problem = PathRules.absolutePathProblem(path, platform: platform) {
            diagnostics.error(problem, at: range)
            return nil
        }
        return path
    }

    /// An extended regular expression (which may interpolate params and host variables),
    /// checked for syntax here rather than on a thousand hosts.
    func readPattern(_ attribute: Attribute) -> String? {
        guard let pattern = readHostValue(attribute.value, what: "'\(attribute.name.name)'", rule: .pattern) else { return nil }
        guard !isInterpolated(pattern) else { return pattern }
        if case .failure(let failure) = ExtendedRegex.compile(pattern) {
            diagnostics.error("invalid regular expression: \(failure.reason)", at: attribute.value.range,
                              help: "patterns are POSIX extended regular expressions, as grep -E reads them")
            return nil
        }
        return pattern
    }
}
