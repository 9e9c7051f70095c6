import Foundation

/// A dedicated OS thread that runs one session's blocking libssh2 calls, one job at a time.
///
/// Why a thread per session: libssh2 1.10's non-blocking mode has bugs on the paths Scour uses
/// (state kept at stack addresses across EAGAIN retries, `channel_exec` returning -1, a rekey
/// deadlock on partial writes — see docs/architecture.md), while its blocking mode is the
/// well-trodden one. A blocking call must never run on Swift's cooperative pool (one thread per
/// core: eight blocked sessions would stall every task in the process), so each session owns a
/// thread with a small stack, and async callers wait on a continuation instead of a thread.
/// A thousand idle sessions cost a thousand parked threads (256 KiB of stack reserved each,
/// little of it touched) and no CPU.
///
/// When idle, the thread wakes every `idleInterval` to run `onIdle` (SSH keepalives).
final class SessionThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var stopping = false
    private let idleInterval: TimeInterval?
    private let onIdle: @Sendable () -> Void

    init(name: String, idleInterval: Duration?, onIdle: @escaping @Sendable () -> Void) {
        self.idleInterval = idleInterval.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
        self.onIdle = onIdle
        let thread = Thread { [self] in self.loop() }
        thread.name = name
        thread.stackSize = 256 * 1024
        thread.start()
    }

    /// Runs `job` on the session's thread and returns its result to the awaiting task.
    func run<T: Sendable>(_ job: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            enqueue { continuation.resume(with: Result { try job() }) }
        }
    }

    /// Lets the thread finish its queued jobs, then end.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func enqueue(_ job: @escaping () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping {
                if let idleInterval {
                    if !condition.wait(until: Date(timeIntervalSinceNow: idleInterval)) && jobs.isEmpty && !stopping {
                        condition.unlock()
                        onIdle()
                        condition.lock()
                    }
                } else {
                    condition.wait()
                }
            }
            if jobs.isEmpty && stopping {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
