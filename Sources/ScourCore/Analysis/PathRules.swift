/// Paths on hosts: absolute for the playbook's platform, and never one whose removal would
/// wreck the host. Each platform's rules say how its paths are spelt (`PlatformRules`); what
/// is refused is decided here, alike for all. Pure functions, so the rules are tested directly.
enum PathRules {
    /// Why `path` is not an absolute path on `platform`, or nil when it is one.
    static func absolutePathProblem(_ path: String, platform: Platform) -> String? {
        let rules = platform.rules
        guard rules.isAbsolute(path) else {
            if let other = Platform.allCases.first(where: { $0 != platform && $0.rules.isAbsolute(path) }) {
                return "'\(path)' is a \(other.rules.pathName), but this playbook's platform is \(platform.rawValue)"
            }
            return rules.notAbsoluteProblem(path)
        }
        if path.utf8.contains(where: { $0 < 0x20 }) { return "\(path.debugDescription) holds a control character" }
        if hasDotComponent(path, rules: rules) {
            return "'\(path)' holds a '.' or '..' component: write the path it means"
        }
        return nil
    }

    /// Why removing `path` is refused, or nil when it may be removed.
    static func removalProblem(_ path: String, platform: Platform) -> String? {
        if let problem = absolutePathProblem(path, platform: platform) { return problem }
        let rules = platform.rules
        let parts = rules.components(path)
        let isDirectory = path.hasSuffix("/") || path.hasSuffix("\\")
        guard let first = parts.first else { return "refusing to remove the root of the file system" }
        if isDirectory { return "'\(path)' names a folder: remove_files removes files; list them" }
        if hasGlob(String(first)) { return "'\(path)' has a glob at the top level, which could match system folders" }
        if parts.count == 1 && rules.isSystemFolder(first) { return "refusing to remove the system folder '\(path)'" }
        return nil
    }

    static func hasGlob(_ path: String) -> Bool {
        path.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }
    }

    /// Whether a component below the root is `.` or `..`. Such a component follows a
    /// separator, so a byte scan rules out the common path without allocating its components.
    private static func hasDotComponent(_ path: String, rules: any PlatformRules) -> Bool {
        var previous: UInt8 = 0
        var mayHaveOne = false
        for byte in path.utf8 {
            if byte == UInt8(ascii: "."), rules.isSeparator(previous) {
                mayHaveOne = true
                break
            }
            previous = byte
        }
        guard mayHaveOne else { return false }
        return rules.components(path).contains { $0 == ".." || $0 == "." }
    }
}
