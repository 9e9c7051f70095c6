/// Why a lab operation cannot go on; the message says what to do about it.
public enum LabError: Error, CustomStringConvertible {
    /// The request itself is wrong (a bad --dir, a host that is not in the lab).
    case invalid(String)
    /// This machine cannot run a lab (not root, a tool missing).
    case unsupported(String)
    /// No lab in that folder.
    case notFound(String)
    /// A step of bringing the lab up or down failed.
    case failed(String)

    public var description: String {
        switch self {
        case .invalid(let message), .unsupported(let message), .notFound(let message), .failed(let message):
            return message
        }
    }
}
