/// Why an SSH operation failed, sorted into what a retry can fix and what it cannot.
public struct SSHError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        case connectionRefused, connectionReset, timedOut, noRoute, hostUnreachable, nameResolution
        case disconnected, hostKeyUnknown, hostKeyMismatch, authenticationFailed, protocolFailure
        case channelFailure, sftpFailure, localFile, commandTimedOut
        /// The host sent more than the caller's `OutputLimit` allows (a hostile or broken host).
        case answerTooLarge
        /// The inventory asks for another kind of connection (`ansible_connection=winrm`):
        /// the host is not contacted.
        case notSSH
    }

    public var kind: Kind
    /// The host as the caller named it.
    public var host: String
    /// What happened, for a person: says what was offered, what was expected, what to do.
    public var message: String

    public init(kind: Kind, host: String, message: String) {
        self.kind = kind
        self.host = host
        self.message = message
    }

    /// Failures a later attempt may not meet: the host is down, rebooting, or the network
    /// dropped. Host key and authentication problems are permanent: retrying cannot fix them,
    /// and repeated bad logins can lock an account.
    public var isTransient: Bool {
        switch kind {
        case .connectionRefused, .connectionReset, .timedOut, .noRoute, .hostUnreachable, .disconnected: return true
        default: return false
        }
    }

    public var description: String { "\(host): \(message)" }
}
