import Foundation

/// Windows: drive and UNC paths (either slash), compared without case; services by name,
/// hotfixes, IIS.
struct WindowsRules: PlatformRules {
    /// Lowercase.
    static let systemFolders: Set<String> = [
        "windows", "program files", "program files (x86)", "programdata", "users", "documents and settings",
        "system volume information", "recovery", "boot", "perflogs", "$recycle.bin",
    ]

    var pathName: String { "Windows path" }

    /// `C:\…`, `C:/…` or `\\server\share\…`.
    func isAbsolute(_ path: String) -> Bool {
        if Self.isUNC(path) { return path.utf8.count > 2 }
        let bytes = Array(path.utf8.prefix(3))
        guard bytes.count == 3 else { return false }
        let isLetter = (0x41...0x5A).contains(bytes[0]) || (0x61...0x7A).contains(bytes[0])
        return isLetter && bytes[1] == 0x3A && (bytes[2] == 0x5C || bytes[2] == 0x2F)
    }

    func notAbsoluteProblem(_ path: String) -> String {
        "'\(path)' is not an absolute Windows path (C:\\… or \\\\server\\share\\…)"
    }

    func isSeparator(_ byte: UInt8) -> Bool { byte == 0x2F || byte == 0x5C }

    /// Below `C:\` or `\\server\share\`. Split on bytes: neither slash occurs inside a
    /// multi-byte UTF-8 character.
    func components(_ path: String) -> [Substring] {
        let parts = path.utf8.split(whereSeparator: isSeparator).map { Substring($0) }
        return Array(parts.dropFirst(Self.isUNC(path) ? 2 : 1))
    }

    func isSystemFolder(_ name: Substring) -> Bool { Self.systemFolders.contains(name.lowercased()) }

    /// The shell's reading of a glob: case-insensitive, `\` and `/` alike, never crossing either.
    func globMatches(_ path: String, pattern: String) -> Bool {
        let folded = { (text: String) in text.replacingOccurrences(of: "\\", with: "/").lowercased() }
        return fnmatch(folded(pattern), folded(path), FNM_PATHNAME | FNM_NOESCAPE) == 0
    }

    var shellName: String { "PowerShell" }
    var serviceKind: String { "Windows service name" }
    var exampleService: String { "W3SVC" }
    var processNameLimit: (bytes: Int, keptBy: String)? { nil }
    var installedChecks: Set<String> { ["file", "hotfix", "command"] }
    var installedChecksHelp: String { "use hotfix(\"KB…\") or command(…)" }
    var webServers: Set<WebServer> { Set(WebServer.allCases) }

    private static func isUNC(_ path: String) -> Bool { path.utf8.starts(with: [0x5C, 0x5C]) }
}
