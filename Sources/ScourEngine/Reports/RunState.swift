/// Where a run stands as a whole (`RunReport.state`): the first thing `status`, `runs` and the
/// reports say of it. In words and in JSON it is one string (`description`, docs/runs.md).
public enum RunState: Sendable, Equatable {
    /// The journal has no line yet.
    case notStarted
    /// An attempt is running now, in process `pid`.
    case running(pid: Int32)
    /// The last attempt recorded how it ended.
    case ended(RunEnding)
    /// Recorded as completed, but `hostsLeft` hosts have steps left (as scour 0.1 recorded an
    /// interruption): resumable.
    case incomplete(hostsLeft: Int)
    /// The last attempt recorded no end: the controller died. Resumable.
    case stoppedWithoutEnd
}

extension RunState: CustomStringConvertible, Encodable {
    public var description: String {
        switch self {
        case .notStarted: "not started"
        case .running(let pid): "running (pid \(pid))"
        case .ended(let ending): ending.description
        case .incomplete(let hosts): "incomplete: \(hosts) host\(hosts == 1 ? " has" : "s have") steps left (resumable)"
        case .stoppedWithoutEnd: "stopped without an end (the controller died): resumable"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
