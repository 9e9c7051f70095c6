import ScourSyntax

extension AnalysisContext {
    /// An extended regular expression (which may interpolate params and host variables),
    /// checked for syntax here rather than on a thousand hosts.
    func readPattern(_ attribute: Attribute) -> String? {
        guard let pattern = readHostValue(attribute.value, what: "'\(attribute.name.name)'", rule: .pattern) else { return nil }
        guard !isInterpolated(pattern) else { return pattern }
        if case .failure(let failure) = ExtendedRegex.compile(pattern) {
            error("invalid regular expression: \(failure.reason)", at: attribute.value.range,
                  help: "patterns are POSIX extended regular expressions, as grep -E reads them")
            return nil
        }
        return pattern
    }
}
