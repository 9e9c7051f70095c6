/// Paths a host reports (glob matches) are an attacker's input: before one enters a plan it
/// must be a path the playbook could have named — absolute, without `.`/`..`, matched by the
/// pattern it answers, and removable under the same rules `check` applies to paths written in
/// the playbook. Control characters (a tab, a newline; never NUL) are allowed in what the pattern's
/// wildcards matched: any user may name a file so, and such a file is a real match, not a lie
/// (the scripts handle any name; what shows a path escapes it, `HostText`).
public enum HostReportedPaths {
    /// Why `path`, reported as a match of the glob `pattern`, cannot be one; nil when it can.
    /// The platform is the one whose absolute paths the pattern is spelt as (`/…` linux,
    /// `C:\…` windows), as `check` made sure of; no path matches a pattern no platform spells.
    public static func globMatchProblem(_ path: String, pattern: String) -> String? {
        guard let platform = Platform.allCases.first(where: { $0.rules.isAbsolute(pattern) }) else {
            return "it does not match the pattern"
        }
        if let problem = PathRules.removalProblem(withoutControlCharacters(path), platform: platform) { return problem }
        guard platform.rules.globMatches(path, pattern: pattern) else { return "it does not match the pattern" }
        return nil
    }

    /// `path` with each control character but NUL (which no name holds) as `_`, for the rules
    /// on the path's shape, which refuse control characters in what a playbook writes.
    private static func withoutControlCharacters(_ path: String) -> String {
        guard path.utf8.contains(where: { $0 > 0 && $0 < 0x20 }) else { return path }
        return String(decoding: path.utf8.map { $0 > 0 && $0 < 0x20 ? UInt8(ascii: "_") : $0 }, as: UTF8.self)
    }
}
