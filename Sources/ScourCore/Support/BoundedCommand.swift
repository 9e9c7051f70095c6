import Foundation

/// A program run on the controller under a deadline and an output cap: an inventory script,
/// which is code Scour did not write and must not hang on or be flooded by.
///
/// Spawned with `posix_spawn` rather than Foundation's `Process` (docs/architecture.md: it
/// hangs when a child closes the descriptors it inherited), in a process group of its own so
/// that a timeout ends the script's children too; stdin is /dev/null.
public struct BoundedCommand: Sendable {
    public var executable: String
    public var arguments: [String]
    public var timeout: Duration
    /// Stdout beyond this many bytes ends the program: a runaway script cannot fill memory.
    public var outputLimit: Int
    /// How much of the end of stderr is kept for messages.
    public var stderrTail: Int

    public init(_ executable: String, _ arguments: [String], timeout: Duration, outputLimit: Int, stderrTail: Int = 4096) {
        self.executable = executable
        self.arguments = arguments
        self.timeout = timeout
        self.outputLimit = outputLimit
        self.stderrTail = stderrTail
    }

    public struct Result: Sendable {
        /// The exit status, or 128 + the signal that ended the program (as a shell reports it).
        public var status: Int32
        public var stdout: [UInt8]
        /// The last `stderrTail` bytes of stderr.
        public var stderrTail: [UInt8]
    }

    public enum Failure: Error, Sendable, Equatable {
        case cannotStart(String)
        case timedOut(Duration)
        case outputTooLarge(limit: Int)
    }

    public func run() throws(Failure) -> Result {
        let output = try Self.pipe(), errors = try Self.pipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, errors.write, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        let flags = SpawnSignals.reset(&attributes)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(flags | Int32(POSIX_SPAWN_SETPGROUP)))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        close(output.write)
        close(errors.write)
        defer {
            close(output.read)
            close(errors.read)
        }
        guard spawned == 0 else { throw .cannotStart(String(cString: strerror(spawned))) }

        let deadline = ContinuousClock.now + timeout
        var stdout: [UInt8] = [], stderr: [UInt8] = []
        var open: [Int32] = [output.read, errors.read]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !open.isEmpty {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { Self.kill(pid); throw .timedOut(timeout) }
            var polls = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let milliseconds = Int32(clamping: remaining.scourMilliseconds + 1)
            guard poll(&polls, nfds_t(polls.count), milliseconds) >= 0 || errno == EINTR else { break }
            for entry in polls where entry.revents != 0 {
                let count = read(entry.fd, &buffer, buffer.count)
                if count <= 0 {
                    if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                    open.removeAll { $0 == entry.fd }
                } else if entry.fd == output.read {
                    guard stdout.count + count <= outputLimit else { Self.kill(pid); throw .outputTooLarge(limit: outputLimit) }
                    stdout.append(contentsOf: buffer[0..<count])
                } else {
                    stderr.append(contentsOf: buffer[0..<count])
                    if stderr.count > 2 * stderrTail { stderr.removeFirst(stderr.count - stderrTail) }
                }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            guard ContinuousClock.now < deadline else { Self.kill(pid); throw .timedOut(timeout) }
            usleep(5_000)
        }
        let signal = status & 0x7f
        return Result(
            status: signal == 0 ? (status >> 8) & 0xff : 128 + signal, stdout: stdout, stderrTail: Array(stderr.suffix(stderrTail)))
    }

    /// Ends the program and everything it started (its process group), and reaps it.
    private static func kill(_ pid: pid_t) {
        Glibc.kill(-pid, SIGKILL)
        Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    /// A pipe whose ends are closed on exec: only the duplicates made for the child survive it.
    private static func pipe() throws(Failure) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        guard Glibc.pipe(&ends) == 0 else { throw .cannotStart(String(cString: strerror(errno))) }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }
}
