/// How a remote command ended.
public enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    /// It exited with this status.
    case code(Int32)
    /// A signal killed it (the name without `SIG`, as SSH reports it: `TERM`, `KILL`).
    case signal(String)

    public var description: String {
        switch self {
        case .code(let code): return "exit \(code)"
        case .signal(let name): return "killed by SIG\(name)"
        }
    }
}

/// What a remote command printed and how it ended; stdout and stderr are kept apart.
public struct ExecResult: Sendable {
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    public var exit: ExitStatus
    /// Bytes read but not kept under a tail-mode `OutputLimit` (the oldest ones).
    public var stdoutDropped: Int
    public var stderrDropped: Int
    /// What the answer is charged to the controller's `AnswerBudget` (nil: nothing, it stayed
    /// small): given back once the caller lets go of it, or of the result.
    public var charge: AnswerCharge?

    public init(
        stdout: [UInt8], stderr: [UInt8], exit: ExitStatus, stdoutDropped: Int = 0, stderrDropped: Int = 0, charge: AnswerCharge? = nil
    ) {
        self.stdout = stdout
        self.stderr = stderr
        self.exit = exit
        self.stdoutDropped = stdoutDropped
        self.stderrDropped = stderrDropped
        self.charge = charge
    }

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    public var succeeded: Bool { exit == .code(0) }
}
