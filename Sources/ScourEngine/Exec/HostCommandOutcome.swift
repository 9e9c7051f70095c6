import ScourCore
import ScourSSH
import ScourTransport

/// What became of one host in `scour exec`.
public struct HostCommandOutcome: Sendable {
    public enum Result: Sendable {
        /// The command ran; its exit status may still be non-zero.
        case completed(ExecResult)
        /// No session could be opened (after `attempts` tries for transient failures).
        case unreachable(SSHError, attempts: Int)
        /// Connected, but the command could not be run to the end (timeout, channel failure).
        case failed(SSHError)
    }

    public var host: InventoryHost
    public var result: Result
    /// From the first connection attempt to the end of the command.
    public var elapsed: Duration

    public init(host: InventoryHost, result: Result, elapsed: Duration) {
        self.host = host
        self.result = result
        self.elapsed = elapsed
    }

    /// The command ran and exited with status 0.
    public var succeeded: Bool {
        if case .completed(let exec) = result { return exec.exit == .code(0) }
        return false
    }
}

/// Counts of a finished `scour exec`, by what happened on each host.
public struct HostCommandSummary: Sendable, Equatable {
    public var succeeded = 0
    /// Ran, but exited non-zero or by a signal.
    public var nonZero = 0
    public var unreachable = 0
    /// Connected, but the command did not complete.
    public var failed = 0

    public init() {}

    public init(_ outcomes: [HostCommandOutcome]) {
        for outcome in outcomes { add(outcome) }
    }

    public mutating func add(_ outcome: HostCommandOutcome) {
        switch outcome.result {
        case .completed(let exec): if exec.exit == .code(0) { succeeded += 1 } else { nonZero += 1 }
        case .unreachable: unreachable += 1
        case .failed: failed += 1
        }
    }

    public var total: Int { succeeded + nonZero + unreachable + failed }
    public var allSucceeded: Bool { succeeded == total }
}
