import Foundation
import ScourCore

/// A long-lived background program (a lab host's supervisor, a test's sshd), started with
/// `posix_spawn` rather than Foundation's `Process`.
///
/// Why: on Linux, `Process` learns that a child ended when a pipe it shares with the child is
/// closed, then calls a blocking `waitpid`. Daemons such as sshd close every inherited descriptor
/// at start-up, so `Process` believes they exited, blocks in `waitpid`, and every other `Process`
/// of the program hangs with it. Here no descriptor is shared: the child gets /dev/null for stdin,
/// a log file for stdout and stderr, and nothing else.
public struct DaemonProcess: Sendable {
    public let pid: pid_t

    /// Starts `executable` with `arguments`, optionally in a session of its own (detached from
    /// our terminal and process group, so it outlives us).
    public static func spawn(
        _ executable: String, _ arguments: [String], logFile: String = "/dev/null", newSession: Bool = false
    ) throws -> DaemonProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        closeInheritedDescriptors(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = SpawnSignals.reset(&attributes)
        if newSession { flags |= 0x80 }  // POSIX_SPAWN_SETSID (glibc), not exported by the Glibc module
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw LocalCommand.Failure(
                command: [executable] + arguments,
                result: .init(status: status, stdout: "", stderr: String(cString: strerror(status))))
        }
        return DaemonProcess(pid: pid)
    }

    public func signal(_ signal: Int32) { kill(pid, signal) }

    /// Ends the process (SIGTERM, then SIGKILL after `grace`) and reaps it, waiting on a thread
    /// of its own.
    public func terminate(grace: Duration = .seconds(2)) async {
        kill(pid, SIGTERM)
        await onThreadOfItsOwn { [pid] in
            let deadline = ContinuousClock.now + grace
            var status: Int32 = 0
            while waitpid(pid, &status, WNOHANG) == 0 {
                if ContinuousClock.now > deadline {
                    kill(pid, SIGKILL)
                    waitpid(pid, &status, 0)
                    return
                }
                usleep(10_000)
            }
        }
    }

    /// Closes every descriptor above stderr in the child: `posix_spawn_file_actions_addclosefrom_np`
    /// (glibc 2.34+, not exported by the Glibc module, hence looked up), else each open one.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap(Int32.init) where descriptor > 2 && fcntl(descriptor, F_GETFD) >= 0 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }
}
