/// Paths a host reports (glob matches) are an attacker's input: before one enters a plan it
/// must be a path the playbook could have named — absolute, without `.`/`..` or control
/// characters, matched by the pattern it answers, and removable under the same rules `check`
/// applies to paths written in the playbook.
public enum HostReportedPaths {
    /// Why `path`, reported as a match of the glob `pattern`, cannot be one; nil when it can.
    /// The platform is the one whose absolute paths the pattern is spelt as (`/…` linux,
    /// `C:\…` windows), as `check` made sure of; no path matches a pattern no platform spells.
    public static func globMatchProblem(_ path: String, pattern: String) -> String? {
        guard let platform = Platform.allCases.first(where: { $0.rules.isAbsolute(pattern) }) else {
            return "it does not match the pattern"
        }
        if let problem = PathRules.removalProblem(path, platform: platform) { return problem }
        guard platform.rules.globMatches(path, pattern: pattern) else { return "it does not match the pattern" }
        return nil
    }
}
