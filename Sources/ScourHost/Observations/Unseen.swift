/// The third answer a probe item can give, beside present and absent: the host could not be
/// looked at there, and why. Never read as absent: an indicator that rests on an `Unseen` is
/// unknown, a step whose check rests on one is unknown, and a host with one is not clean.
public struct Unseen: Sendable, Codable, Equatable, Hashable {
    public enum Reason: String, Sendable, Codable, Hashable, CaseIterable {
        /// The login may not read or search it (a 0700 folder of another user, another user's
        /// `/proc/PID/exe`).
        case permissionDenied = "permission_denied"
        /// A path's folder is not a folder.
        case notADirectory = "not_a_directory"
        /// Reading it failed.
        case ioError = "io_error"
        /// Larger than the probe fetches.
        case tooLarge = "too_large"
        /// The read did not end in its time.
        case timedOut = "timed_out"
        /// A FIFO, device or socket where a file's bytes were to be read: never opened.
        case notRegularFile = "not_a_regular_file"
        /// `/proc` is mounted with `hidepid`: other users' processes are invisible.
        case hiddenProcesses = "hidden_processes"
    }

    public var reason: Reason
    /// What could not be looked at: a file, a folder, `/proc/PID/exe`. Host text: escape it
    /// (`HostText`) to show it.
    public var path: String?

    public init(_ reason: Reason, path: String? = nil) {
        self.reason = reason
        self.path = path
    }

    /// What to do when the login could not see something it needs.
    public static let privilegeHint = "the login may not look there: log in as root or use --become / ansible_become"

    /// Whether logging in as root (or with become) would let the probe see it.
    public var needsPrivilege: Bool { reason == .permissionDenied || reason == .hiddenProcesses }

    /// `permission denied: /root/.ssh` (unescaped: host text).
    public var words: String {
        let reason = switch self.reason {
        case .permissionDenied: "permission denied"
        case .notADirectory: "not a directory"
        case .ioError: "I/O error"
        case .tooLarge: "too large"
        case .timedOut: "timed out"
        case .notRegularFile: "not a regular file"
        case .hiddenProcesses: "other users' processes are hidden (hidepid)"
        }
        return path.map { "\(reason): \($0)" } ?? reason
    }
}
