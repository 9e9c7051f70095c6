import ScourSyntax

/// Paths on hosts: absolute for the playbook's platform, and never one whose removal would
/// wreck the host. Pure functions, so the rules are tested directly.
enum PathRules {
    static let linuxSystemFolders: Set<String> = [
        "bin", "boot", "dev", "etc", "home", "lib", "lib32", "lib64", "libx32", "media", "mnt", "opt",
        "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var",
    ]
    static let windowsSystemFolders: Set<String> = [
        "windows", "program files", "program files (x86)", "programdata", "users", "documents and settings",
        "system volume information", "recovery", "boot", "perflogs", "$recycle.bin",
    ]

    /// Why `path` is not an absolute path on `platform`, or nil when it is one.
    static func absolutePathProblem(_ path: String, platform: Platform) -> String? {
        switch platform {
        case .linux:
            guard path.hasPrefix("/") else {
                return isWindowsAbsolute(path)
                    ? "'\(path)' is a Windows path, but this playbook's platform is linux"
                    : "'\(path)' is not an absolute path"
            }
        case .windows:
            guard isWindowsAbsolute(path) else {
                return path.hasPrefix("/")
                    ? "'\(path)' is a POSIX path, but this playbook's platform is windows"
                    : "'\(path)' is not an absolute Windows path (C:\\… or \\\\server\\share\\…)"
            }
        }
        if path.utf8.contains(where: { $0 < 0x20 }) { return "\(path.debugDescription) holds a control character" }
        if hasDotComponent(path, platform: platform) {
            return "'\(path)' holds a '.' or '..' component: write the path it means"
        }
        return nil
    }

    /// Why removing `path` is refused, or nil when it may be removed.
    static func removalProblem(_ path: String, platform: Platform) -> String? {
        if let problem = absolutePathProblem(path, platform: platform) { return problem }
        let parts = components(path, platform: platform)
        let isDirectory = path.hasSuffix("/") || path.hasSuffix("\\")
        guard let first = parts.first.map(String.init) else { return "refusing to remove the root of the file system" }
        if isDirectory { return "'\(path)' names a folder: remove_files removes files; list them" }
        if hasGlob(first) { return "'\(path)' has a glob at the top level, which could match system folders" }
        switch platform {
        case .linux:
            if parts.count == 1 && linuxSystemFolders.contains(first) { return "refusing to remove the system folder '\(path)'" }
        case .windows:
            if parts.count == 1 && (windowsSystemFolders.contains(first.lowercased())) {
                return "refusing to remove the system folder '\(path)'"
            }
        }
        return nil
    }

    static func hasGlob(_ path: String) -> Bool {
        path.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }
    }

    /// Whether a component below the root is `.` or `..`. Such a component follows a
    /// separator, so a byte scan rules out the common path without allocating its components.
    private static func hasDotComponent(_ path: String, platform: Platform) -> Bool {
        let bytes = path.utf8
        let isSeparator = { (byte: UInt8) in byte == 0x2F || (platform == .windows && byte == 0x5C) }
        var previous: UInt8 = 0
        var mayHaveOne = false
        for byte in bytes {
            if byte == UInt8(ascii: "."), isSeparator(previous) {
                mayHaveOne = true
                break
            }
            previous = byte
        }
        guard mayHaveOne else { return false }
        return components(path, platform: platform).contains { $0 == ".." || $0 == "." }
    }

    /// Path components below the root (for Windows, below `C:\` or `\\server\share\`).
    static func components(_ path: String, platform: Platform) -> [Substring] {
        switch platform {
        // Split on bytes: '/' and '\\' never occur inside a multi-byte UTF-8 character.
        case .linux:
            return path.utf8.split(separator: 0x2F).map { Substring($0) }
        case .windows:
            let parts = path.utf8.split { $0 == 0x5C || $0 == 0x2F }.map { Substring($0) }
            return Array(parts.dropFirst(isUNC(path) ? 2 : 1))
        }
    }

    private static func isUNC(_ path: String) -> Bool { path.utf8.starts(with: [0x5C, 0x5C]) }

    /// `C:\…`, `C:/…` or `\\server\share\…`.
    private static func isWindowsAbsolute(_ path: String) -> Bool {
        let bytes = Array(path.utf8.prefix(3))
        if isUNC(path) { return path.utf8.count > 2 }
        guard bytes.count == 3 else { return false }
        let isLetter = (0x41...0x5A).contains(bytes[0]) || (0x61...0x7A).contains(bytes[0])
        return isLetter && bytes[1] == 0x3A && (bytes[2] == 0x5C || bytes[2] == 0x2F)
    }
}

extension AnalysisContext {
    /// An absolute path on the playbook's platform, which may interpolate params and host
    /// variables (then checked per host).
    func readPath(_ attribute: Attribute) -> String? {
        guard let path = readHostValue(attribute.value, what: "'\(attribute.name.name)'", rule: .path) else { return nil }
        return isInterpolated(path) ? path : checkedPath(path, at: attribute.value.range)
    }

    func checkedPath(_ path: String, at range: SourceRange) -> String? {
        if let problem = PathRules.absolutePathProblem(path, platform: platform) {
            error(problem, at: range)
            return nil
        }
        return path
    }
}
