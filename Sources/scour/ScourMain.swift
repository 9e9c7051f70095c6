import ArgumentParser
import Foundation

#if os(Linux)
import CMalloc
#endif

/// The process's entry: runs the command line, then leaves with its exit code through
/// `ProcessExit.now`, never through `exit(3)`.
@main
enum ScourMain {
    static func main() async {
        // Large buffers (hosts' answers, the files read from them) go back to the system when
        // freed, so the memory limit (`--memory-limit`) bounds what the process really holds:
        // glibc otherwise raises this threshold after the first large free and keeps later
        // ones in its arenas, and the peak grew past the limit by a host's answer.
        #if os(Linux)
        _ = mallopt(M_MMAP_THRESHOLD, 256 << 10)
        // One arena: what one host's answer freed (its lines, its copies) serves the next, instead
        // of staying in the arena of the thread that freed it (50 hosts answering 64 MiB peaked at
        // 981 MB under a 512 MiB limit; 10 of them 445 MB, 329 MB with one arena, same CPU).
        _ = mallopt(M_ARENA_MAX, 1)
        #endif
        let code: Int32
        do {
            var command = try Scour.parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            code = 0
        } catch {
            // What ArgumentParser's own `exit(withError:)` prints: help and version on stdout,
            // errors on stderr.
            let message = Scour.fullMessage(for: error)
            code = Scour.exitCode(for: error).rawValue
            if !message.isEmpty {
                if code == 0 { print(message) } else { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            }
        }
        ProcessExit.now(code)
    }
}

/// Ends the process at once with `code`, its output flushed. `exit(3)` would run the global
/// destructors of the Swift libraries while other threads (libdispatch's workers, Foundation's
/// process monitor, sessions closing) may still take their locks — a crash at exit
/// (SIGSEGV in `pthread_rwlock_rdlock` during `__do_global_dtors_aux`, seen once in CI after a
/// `scour lab up` that had done its work). Nothing of Scour's needs them: the journal and
/// every file it writes are synced as they are written.
enum ProcessExit {
    static func now(_ code: Int32) -> Never {
        fflush(nil)
        _exit(code)
    }
}
