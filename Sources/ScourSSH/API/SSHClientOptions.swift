import ScourTransport

/// What to do with a host key that known_hosts does not have.
public enum HostKeyPolicy: Sendable {
    /// Refuse unknown and changed keys (the default, as OpenSSH's `StrictHostKeyChecking=yes`).
    case strict
    /// Record unknown keys (trust on first use, `accept-new`); a changed key is still refused.
    case acceptNew
}

/// A way to prove who we are. Tried in the order given until one is accepted.
public enum SSHIdentity: Sendable, CustomStringConvertible {
    /// A private key file (ed25519, ECDSA; PEM, PKCS#8 or OpenSSH format, encrypted or not).
    case keyFile(path: String, passphrase: String?)
    /// Every key the ssh-agent listening on `socket` offers (usually `SSH_AUTH_SOCK`'s value).
    case agent(socket: String)
    /// A password, if the server offers password authentication.
    case password(String)

    /// Never shows a secret: this is what logs and error messages print.
    public var description: String {
        switch self {
        case .keyFile(let path, let passphrase): return passphrase == nil ? "key \(path)" : "key \(path) (with passphrase)"
        case .agent(let socket): return "ssh-agent at \(socket)"
        case .password: return "password"
        }
    }
}

/// How a session connects and authenticates.
public struct SSHClientOptions: Sendable {
    public var knownHostsFile: String
    public var hostKeyPolicy: HostKeyPolicy
    public var identities: [SSHIdentity]
    /// Deadline for TCP connect, key exchange and authentication together.
    public var connectTimeout: Duration
    /// Interval of SSH keepalive messages while the session is idle; nil for none.
    public var keepaliveInterval: Duration?
    /// The controller's memory for answers, shared by every session; nil: none.
    public var answerBudget: AnswerBudget?

    public init(
        knownHostsFile: String,
        hostKeyPolicy: HostKeyPolicy = .strict,
        identities: [SSHIdentity],
        connectTimeout: Duration = .seconds(10),
        keepaliveInterval: Duration? = .seconds(15),
        answerBudget: AnswerBudget? = nil
    ) {
        self.knownHostsFile = knownHostsFile
        self.hostKeyPolicy = hostKeyPolicy
        self.identities = identities
        self.connectTimeout = connectTimeout
        self.keepaliveInterval = keepaliveInterval
        self.answerBudget = answerBudget
    }
}
