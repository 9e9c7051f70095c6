/// How much of one output stream of a remote command the controller keeps. Hosts are hostile
/// (a compromised one can answer with endless bytes), so every stream read has a cap: nothing
/// a host sends can grow the controller's memory past it.
public struct OutputLimit: Sendable, Equatable, CustomStringConvertible {
    public enum Mode: Sendable, Equatable {
        /// Past the cap the command is abandoned and the call throws `answerTooLarge`: for
        /// answers that must arrive whole (probes, hashes).
        case fail
        /// Only the last `bytes` are kept; the rest is read, counted and dropped: for the
        /// output of scripts, where the end says what went wrong.
        case tail
    }

    public var bytes: Int
    public var mode: Mode

    public init(bytes: Int, mode: Mode) {
        self.bytes = max(0, bytes)
        self.mode = mode
    }

    /// Fails past `bytes`.
    public static func fail(after bytes: Int) -> OutputLimit { OutputLimit(bytes: bytes, mode: .fail) }
    /// Keeps the last `bytes`.
    public static func tail(_ bytes: Int) -> OutputLimit { OutputLimit(bytes: bytes, mode: .tail) }
    /// The default of every exec: 16 MiB, then fail. Callers that know what they asked for
    /// should pass a cap derived from it.
    public static let standard = OutputLimit.fail(after: 16 << 20)

    public var description: String {
        "\(mode == .fail ? "fail after" : "last") \(ByteCount.text(bytes))"
    }
}

/// Byte counts as people read them.
package enum ByteCount {
    /// `16 MiB`, `64 KiB`, or `1000 bytes` when not a whole number of KiB.
    package static func text(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
