/// What a `processes` item found: the running processes matching its criteria. All of it is
/// host text, to be escaped (`HostText`) when shown.
public struct ProcessListObservation: Sendable, Codable, Equatable {
    /// How many processes matched in all.
    public var total: Int
    /// The first `maxMatches` of them.
    public var processes: [ProcessObservation]
    /// What kept processes from being seen (hidepid; another user's `/proc/PID/exe` or
    /// command line, for a process the criteria could not rule out): one of them may match.
    /// Nil (and left out of the JSON): every process was seen.
    public var unseen: [Unseen]?
    /// How many things went unseen when there were more than `unseen` lists (it keeps the
    /// first `max_matches`). Nil (and left out of the JSON): `unseen` lists them all.
    public var unseenTotal: Int?

    public init(total: Int, processes: [ProcessObservation], unseen: [Unseen]? = nil, unseenTotal: Int? = nil) {
        self.total = total
        self.processes = processes
        self.unseen = unseen
        self.unseenTotal = unseenTotal.flatMap { $0 > (unseen?.count ?? 0) ? $0 : nil }
    }

    /// More processes matched than `maxMatches`: only the first are described.
    public var isTruncated: Bool { total > processes.count }
}

public struct ProcessObservation: Sendable, Codable, Equatable {
    public var pid: Int32
    /// When the process started, as the host counts it (linux: clock ticks after boot, field 22
    /// of /proc/PID/stat; windows: the creation time, ISO 8601 UTC). With `pid` it names this
    /// process and no later one that reuses the pid: compare both before signalling.
    public var start: String
    /// linux only.
    public var uid: UInt32?
    /// The owner's name (linux: `UNKNOWN` for a uid without one; windows: `DOMAIN\user`, empty
    /// when the owner cannot be read).
    public var user: String
    /// linux: the kernel's name of the process (`comm`, at most 15 bytes); windows: the image name.
    public var name: String
    /// The executable's path (linux: the target of /proc/PID/exe).
    public var executable: String
    /// linux: the executable was deleted (or replaced) since the process started; the hash is
    /// then the running image's, read through /proc/PID/exe, not the file now at the path.
    public var executableDeleted: Bool
    public var executableSize: UInt64?
    /// Lowercase hex; nil when the executable could not be read or is larger than
    /// `ProbeItem.executableHashLimit`.
    public var executableSHA256: String?
    /// The arguments joined by spaces (linux: NUL and newline as spaces), or its first
    /// `ProbeItem.commandLineLimit` bytes when `commandLineIsCut`.
    public var commandLine: String
    public var commandLineIsCut: Bool

    public init(pid: Int32, start: String, uid: UInt32?, user: String, name: String, executable: String, executableDeleted: Bool,
                executableSize: UInt64?, executableSHA256: String?, commandLine: String, commandLineIsCut: Bool) {
        self.pid = pid
        self.start = start
        self.uid = uid
        self.user = user
        self.name = name
        self.executable = executable
        self.executableDeleted = executableDeleted
        self.executableSize = executableSize
        self.executableSHA256 = executableSHA256
        self.commandLine = commandLine
        self.commandLineIsCut = commandLineIsCut
    }
}
