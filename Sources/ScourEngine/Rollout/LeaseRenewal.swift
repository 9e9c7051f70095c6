import Foundation
import Synchronization

/// Renews a controller's lease every quarter of it, on a thread of its own: never behind the
/// cooperative pool, which a busy controller (or a test process running many) may hold longer
/// than a lease. A lease found lost (another controller evicted this one), or not renewed for
/// a whole lease (the store unreachable), is reported once to `onLost`.
final class LeaseRenewal: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

    init(claims: any RunClaims, lease: Duration, runID: String, onLost: @escaping @Sendable (any Error) -> Void) {
        let interval = Double((lease / 4).scourMilliseconds) / 1000
        let thread = Thread { [self] in
            var renewed = ContinuousClock.now
            while wake.wait(timeout: .now() + interval) == .timedOut, !stopped.load(ordering: .relaxed) {
                do {
                    guard try claims.renew() else {
                        onLost(RunError("this controller's lease on run \(runID) ran out and another controller took its hosts over"))
                        break
                    }
                    renewed = .now
                } catch where ContinuousClock.now - renewed > lease {
                    onLost(RunError("\(error): this controller's lease on run \(runID) ran out"))
                    break
                } catch {
                    continue
                }
            }
            done.signal()
        }
        thread.name = "scour-lease"
        thread.start()
    }

    /// Stops renewing and waits for the thread to end.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        wake.signal()
        done.wait()
    }
}
