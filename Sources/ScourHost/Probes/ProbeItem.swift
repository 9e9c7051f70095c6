import Foundation
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
    /// For each regular file among the first `maxMatches` paths matching the glob `pattern`
    /// (as `glob` expands it), its first line matching the extended regular expression `regex`
    /// — line number and the line's first `lineLimit` bytes — searched on the host (`grep -E`,
    /// `Select-String`), so no file travels whole; the total count of paths is always reported.
    case contentGlob(pattern: String, regex: String, maxMatches: Int, lineLimit: Int)
    /// The paths matching `pattern` as `glob` expands them, each of the first `maxMatches` with
    /// the facts `glob` reports and, for a regular file, its bytes up to `limit` (a longer file
    /// is reported as too large, never cut); the total count is always reported. What a step
    /// editing the files a glob matches needs to show each edit in the plan.
    case globContents(pattern: String, maxMatches: Int, limit: Int)
    /// The running processes matching every criterion given (at least one): `name` (linux:
    /// the kernel's 15-byte `comm`; windows: the image name, `.exe` optional), `executable`
    /// (exact, or a glob whose `*` also crosses folders), `commandLine` (an extended regular
    /// expression over the arguments joined by spaces). Each of the first `maxMatches` with
    /// pid, start time, user, name, executable (its SHA-256 when readable and at most
    /// `executableHashLimit` bytes) and command line (its first `commandLineLimit` bytes); the
    /// total count is always reported. Never the probe itself, its ancestors or its children,
    /// pid 1, or a kernel thread.
    case processes(name: String?, executable: String?, commandLine: String?, maxMatches: Int)
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

    /// How much of a matching line `contentGlob` brings back by default: enough to recognise
    /// it, never a whole minified page.
    public static let defaultLineLimit = 512

    /// How much of a process's command line `processes` brings back.
    public static let commandLineLimit = 4096

    /// The largest executable `processes` hashes: reading more would make a probe slow.
    public static let executableHashLimit: UInt64 = 256 << 20

    /// How long a `command` probe may run by default.
    public static let defaultCommandTimeoutSeconds = 30

    /// A short human description, used in error messages and plan output.
    public var summary: String {
        switch self {
        case .facts: "facts"
        case .file(let path): "file \(Self.quoted(path))"
        case .glob(let pattern, let maxMatches): "glob \(Self.quoted(pattern)) (max \(maxMatches))"
        case .content(let path, _): "content of \(Self.quoted(path))"
        case .contentGlob(let pattern, let regex, let maxMatches, _):
            "lines matching \(Self.quoted(regex)) in \(Self.quoted(pattern)) (max \(maxMatches) files)"
        case .globContents(let pattern, let maxMatches, _): "contents of \(Self.quoted(pattern)) (max \(maxMatches))"
        case .processes(let name, let executable, let commandLine, let maxMatches):
            "processes" + [name.map { " named \(Self.quoted($0))" }, executable.map { " running \(Self.quoted($0))" },
                           commandLine.map { " with a command line matching \(Self.quoted($0))" }].compactMap { $0 }.joined()
                + " (max \(maxMatches))"
        case .command(let run, _): "command \(Self.quoted(run))"
        case .package(let name): "package \(Self.quoted(name))"
        case .service(let name): "service \(Self.quoted(name))"
        case .hotfix(let id): "hotfix \(Self.quoted(id))"
        }
    }

    /// The key of a `contentGlob`, `globContents` or `processes` answer in `HostObservation`: every value of
    /// the question, as a JSON array (`["/var/www/*/index.html","readme\\.eml","200","512"]`),
    /// so two different questions never share a key and plan.json stays readable.
    public var observationKey: String {
        let values: [String?] = switch self {
        case .contentGlob(let pattern, let regex, let maxMatches, let lineLimit): [pattern, regex, String(maxMatches), String(lineLimit)]
        case .processes(let name, let executable, let commandLine, let maxMatches): [name, executable, commandLine, String(maxMatches)]
        case .globContents(let pattern, let maxMatches, let limit): [pattern, String(maxMatches), String(limit)]
        default: [summary]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and nulls cannot fail.
        return String(decoding: (try? encoder.encode(values)) ?? Data(), as: UTF8.self)
    }

    /// The kernel keeps a process name (`/proc/PID/comm`) to 15 bytes, and linux probes compare
    /// against that; so is a name cut (at a character boundary).
    package static func commName(_ name: String) -> String {
        var out = ""
        for character in name {
            guard out.utf8.count + character.utf8.count <= 15 else { break }
            out.append(character)
        }
        return out
    }

    /// In quotes for messages, escaped as all host text is (`HostText`), so a hostile path
    /// cannot forge lines in a log or a terminal.
    private static func quoted(_ text: String) -> String { "\"\(HostText.terminal(text))\"" }
}
