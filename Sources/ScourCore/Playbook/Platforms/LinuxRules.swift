import Glibc

/// Linux: POSIX paths and `sh`'s globs, systemd units, Debian packages.
struct LinuxRules: PlatformRules {
    static let systemFolders: Set<Substring> = [
        "bin", "boot", "dev", "etc", "home", "lib", "lib32", "lib64", "libx32", "media", "mnt", "opt",
        "proc", "root", "run", "sbin", "srv", "sys", "tmp", "usr", "var",
    ]

    var pathName: String { "POSIX path" }

    func isAbsolute(_ path: String) -> Bool { path.hasPrefix("/") }

    func notAbsoluteProblem(_ path: String) -> String { "'\(path)' is not an absolute path" }

    func isSeparator(_ byte: UInt8) -> Bool { byte == 0x2F }

    /// Split on bytes: '/' never occurs inside a multi-byte UTF-8 character.
    func components(_ path: String) -> [Substring] {
        path.utf8.split(separator: 0x2F).map { Substring($0) }
    }

    func isSystemFolder(_ name: Substring) -> Bool { Self.systemFolders.contains(name) }

    /// `*`, `?` and `[…]` never cross a `/` and never match a leading dot.
    func globMatches(_ path: String, pattern: String) -> Bool {
        fnmatch(pattern, path, FNM_PATHNAME | FNM_PERIOD) == 0
    }

    var shellName: String { "POSIX sh" }
    var serviceKind: String { "systemd unit" }
    var exampleService: String { "apache2" }
    /// The kernel keeps 15 bytes of a name (`/proc/PID/comm`).
    var processNameLimit: (bytes: Int, keptBy: String)? { (15, "Linux") }
    var installedChecks: Set<String> { ["file", "package", "command"] }
    var installedChecksHelp: String { "use package(…), file(…) or command(…)" }
    var webServers: Set<WebServer> { [.apache, .nginx] }
}
