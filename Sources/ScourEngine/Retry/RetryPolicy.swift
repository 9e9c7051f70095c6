import ScourCore

/// Retries of transient failures with exponential backoff and jitter.
///
/// Attempt *n* (1-based) waits `base·2ⁿ⁻¹` capped at `cap`, with "equal jitter": half of that
/// fixed, half uniformly random. Without jitter, a thousand hosts that failed together (a
/// switch rebooted) would all retry in the same instant and fail together again; full jitter
/// spreads best but may retry almost at once, which a host that is still booting does not need.
/// Equal jitter keeps a floor under every wait and still spreads the herd.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt (so at most `retries + 1` attempts).
    public var retries: Int
    public var base: Duration
    public var cap: Duration

    public init(retries: Int, base: Duration, cap: Duration = .seconds(60)) {
        self.retries = max(0, retries)
        self.base = base
        self.cap = cap
    }

    /// The wait before retry number `attempt` (1 for the first retry).
    public func delay(beforeRetry attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = min(cap, base * (1 << exponent))
        let half = ceiling / 2
        let spread = half.scourMilliseconds
        let jitter = spread > 0 ? Int64.random(in: 0...spread, using: &generator) : 0
        return half + .milliseconds(jitter)
    }

    /// Runs `operation`, retrying it after a backoff delay while it throws errors that
    /// `isTransient` accepts, at most `retries` times. Permanent errors and cancellation end it
    /// at once.
    public func run<T: Sendable>(
        _ operation: () async throws -> T,
        isTransient: (Error) -> Bool,
        onRetry: (_ attempt: Int, _ error: Error, _ delay: Duration) -> Void = { _, _, _ in },
        sleep: (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) async throws -> T {
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while true {
            do {
                return try await operation()
            } catch {
                attempt += 1
                guard attempt <= retries, isTransient(error), !Task.isCancelled else { throw error }
                let wait = delay(beforeRetry: attempt, using: &generator)
                onRetry(attempt, error, wait)
                try await sleep(wait)
            }
        }
    }
}
