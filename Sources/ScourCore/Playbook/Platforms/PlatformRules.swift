/// Everything ScourCore knows about one platform: how its paths are spelt, which of them must
/// never be removed and how its shell expands a glob; what its shell, services and processes
/// are called; how a patch is told to be installed; which web servers run on it. Steps ask
/// their playbook's platform (`platform.rules`) and never branch on it, so a platform is
/// described once, in one file beside this one.
protocol PlatformRules: Sendable {
    // MARK: Paths

    /// A path of this platform, as messages call one: `Windows path`.
    var pathName: String { get }
    /// Whether `path` is absolute here (which says nothing yet of whether it is acceptable).
    func isAbsolute(_ path: String) -> Bool
    /// Why `path`, absolute on no platform, is refused here.
    func notAbsoluteProblem(_ path: String) -> String
    /// Whether `byte` separates a path's components.
    func isSeparator(_ byte: UInt8) -> Bool
    /// An absolute path's components below its root.
    func components(_ path: String) -> [Substring]
    /// Whether a folder at the top of the file system is one whose removal wrecks the host.
    func isSystemFolder(_ name: Substring) -> Bool
    /// Whether the host's shell expands the glob `pattern` to `path`.
    func globMatches(_ path: String, pattern: String) -> Bool

    // MARK: Shell, services, processes, patches, web servers

    /// The shell steps run in, as messages name it: `POSIX sh`.
    var shellName: String { get }
    /// What a service is called here, for messages: `systemd unit`.
    var serviceKind: String { get }
    /// A service as the `disable_service` help names one: `apache2`.
    var exampleService: String { get }
    /// How many bytes of a process name the system keeps, and who keeps them (for the warning
    /// that a longer name matches any process sharing its first bytes); nil: the whole name.
    var processNameLimit: (bytes: Int, keptBy: String)? { get }
    /// The checks `apply_patch`'s `installed` can make here (`file`, `package`, …).
    var installedChecks: Set<String> { get }
    /// The help for a check the platform does not have: which ones to use instead.
    var installedChecksHelp: String { get }
    /// The web servers whose mappings the platform has.
    var webServers: Set<WebServer> { get }
}
