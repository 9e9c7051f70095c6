import ScourCore

/// One thing the planner wants to know about a host. A probe only ever reads: every item
/// renders to read-only commands, and the whole set goes to the host in one script
/// (see `ProbeScript`), so a plan costs one round trip per host however big the playbook.
///
/// Items are values: the same item asked twice is asked once (`PlanProbes` deduplicates), and
/// the answer for an item is found in `HostObservation` under the item's own key (path,
/// pattern, name, command).
public enum ProbeItem: Hashable, Sendable {
    /// Host name, boot identity (linux: `/proc/sys/kernel/random/boot_id`; windows: last boot
    /// time) and operating system — what a reboot step compares before and after.
    case facts
    /// Existence, type, size, mode, owner, group, mtime of `path` (not following a final
    /// symlink), and the SHA-256 of a regular file.
    case file(path: String)
    /// The paths matching a shell pattern (linux) or wildcard path (windows), with the same
    /// facts as `file` for each of the first `maxMatches`; the total count is always reported.
    case glob(pattern: String, maxMatches: Int)
    /// The bytes of `path`, up to `limit` bytes; a longer file is reported as too large, never cut.
    case content(path: String, limit: Int)
    /// Whether a process of exactly this name runs.
    case process(name: String)
    /// The exit status of `run` (a POSIX sh command on linux, PowerShell on windows), its output
    /// discarded. It must itself be read-only; it is stopped after `timeoutSeconds`.
    case command(run: String, timeoutSeconds: Int)
    /// The installed version of a package, or its absence.
    case package(name: String)
    /// Whether a service runs now and whether it starts at boot.
    case service(name: String)
    /// Whether a Windows hotfix (`Q300972`, `KB5034441`) is installed.
    case hotfix(id: String)

    /// How much of a file `content` fetches by default: config files are far smaller, and a
    /// bound keeps a hostile or mistaken path from filling the controller's memory.
    public static let defaultContentLimit = 4 << 20

    /// How long a `command` probe may run by default.
    public static let defaultCommandTimeoutSeconds = 30

    /// A short human description, used in error messages and plan output.
    public var summary: String {
        switch self {
        case .facts: "facts"
        case .file(let path): "file \(Self.quoted(path))"
        case .glob(let pattern, let maxMatches): "glob \(Self.quoted(pattern)) (max \(maxMatches))"
        case .content(let path, _): "content of \(Self.quoted(path))"
        case .process(let name): "process \(Self.quoted(name))"
        case .command(let run, _): "command \(Self.quoted(run))"
        case .package(let name): "package \(Self.quoted(name))"
        case .service(let name): "service \(Self.quoted(name))"
        case .hotfix(let id): "hotfix \(Self.quoted(id))"
        }
    }

    /// In quotes for messages, escaped as all host text is (`HostText`), so a hostile path
    /// cannot forge lines in a log or a terminal.
    private static func quoted(_ text: String) -> String { "\"\(HostText.terminal(text))\"" }
}
