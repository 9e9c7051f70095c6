import Glibc

/// Paths a host reports (glob matches) are an attacker's input: before one enters a plan it
/// must be a path the playbook could have named — absolute, without `.`/`..` or control
/// characters, matched by the pattern it answers, and removable under the same rules `check`
/// applies to paths written in the playbook.
public enum HostReportedPaths {
    /// Why `path`, reported as a match of the glob `pattern`, cannot be one; nil when it can.
    /// The platform is the pattern's (`/…` linux, else windows), as `check` made sure of.
    public static func globMatchProblem(_ path: String, pattern: String) -> String? {
        let platform: Platform = pattern.hasPrefix("/") ? .linux : .windows
        if let problem = PathRules.removalProblem(path, platform: platform) { return problem }
        guard matches(path, pattern: pattern, platform: platform) else { return "it does not match the pattern" }
        return nil
    }

    /// The shell's own reading of a glob: `*`, `?` and `[…]` never cross a separator and never
    /// match a leading dot (linux `sh`); on windows, case-insensitive, `\` and `/` alike.
    static func matches(_ path: String, pattern: String, platform: Platform) -> Bool {
        switch platform {
        case .linux:
            return fnmatch(pattern, path, FNM_PATHNAME | FNM_PERIOD) == 0
        case .windows:
            let folded = { (text: String) in text.replacingOccurrences(of: "\\", with: "/").lowercased() }
            return fnmatch(folded(pattern), folded(path), FNM_PATHNAME | FNM_NOESCAPE) == 0
        }
    }
}
