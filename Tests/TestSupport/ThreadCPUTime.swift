import Foundation

/// The CPU time the calling thread spends in `body`: what a bound on CPU-bound work checks.
/// Wall time is stretched by whatever else the machine runs (at load average 15 on two cores a
/// thread gets about an eighth of a core); the thread's own CPU time is not.
public func threadCPUTime(of body: () throws -> Void) rethrows -> Duration {
    func now() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
    let start = now()
    try body()
    return now() - start
}
