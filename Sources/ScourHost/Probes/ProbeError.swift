/// Why a probe answer was not accepted. A host whose answer fails to parse is not planned:
/// the planner reports this message rather than guess at what the host holds.
public enum ProbeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The output is cut short: no header, no trailer, or no final newline.
    case truncated(String)
    /// A line that is not what the protocol allows there (1-based line number).
    case malformedLine(line: Int, problem: String)
    /// The header or trailer carries another request's nonce.
    case wrongNonce(expected: String, found: String)
    /// The header's protocol version is not the one rendered.
    case unsupportedVersion(String)
    /// The trailer's count differs from the records received: lines were lost or added.
    case recordCountMismatch(announced: Int, received: Int)
    /// An item's records are missing, duplicated, unexpected or hold an invalid value.
    case invalidItem(index: Int, item: String, problem: String)
    /// The host (or the controller, refusing to send it) reported it could not answer the item.
    case itemFailed(index: Int, item: String, message: String)
    /// The host answered, but what was asked cannot be told from it (a glob matching more files
    /// than `max_matches`, none of those searched matching): the plan must not guess.
    case unanswerable(index: Int, item: String, reason: String)
    /// The answer is well formed but cannot be true (a glob match outside its pattern): the
    /// host is compromised in a way that tries to steer what Scour does.
    case lyingProbe(String)

    public var description: String {
        switch self {
        case .truncated(let problem): "probe answer truncated: \(problem)"
        case .malformedLine(let line, let problem): "probe answer line \(line): \(problem)"
        case .wrongNonce(let expected, let found): "probe answer is for another request (nonce \(found), expected \(expected))"
        case .unsupportedVersion(let version): "probe answer has protocol version \(version), expected \(ProbeWire.version)"
        case .recordCountMismatch(let announced, let received):
            "probe answer announces \(announced) records but carries \(received)"
        case .invalidItem(let index, let item, let problem): "probe item \(index) (\(item)): \(problem)"
        case .itemFailed(let index, let item, let message): "probe item \(index) (\(item)) failed on the host: \(message)"
        case .unanswerable(let index, let item, let reason): "probe item \(index) (\(item)) cannot be answered: \(reason)"
        case .lyingProbe(let problem): "lying probe: \(problem)"
        }
    }
}
