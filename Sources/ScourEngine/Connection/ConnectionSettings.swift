import ScourSSH

/// How to reach hosts, as the operator asked for it on the command line. Inventory variables of a
/// host fill in what these leave open (see `HostConnector`).
public struct ConnectionSettings: Sendable {
    /// The OpenSSH known_hosts file host keys are checked against.
    public var knownHostsFile: String
    /// Trust on first use: record unknown host keys instead of refusing them. A changed key is
    /// refused either way.
    public var acceptNewHostKeys: Bool
    /// A private key that overrides every other identity source.
    public var identityFile: String?
    /// A login name that overrides the inventory's `ansible_user`.
    public var user: String?
    /// Deadline for the TCP connection, the key exchange and authentication together.
    public var connectTimeout: Duration
    /// Transient connection failures are retried under this policy.
    public var retry: RetryPolicy
    /// Where default identities (`id_ed25519`, `id_ecdsa`) and known_hosts are looked for.
    public var homeDirectory: String
    /// The ssh-agent socket, when one is running (`SSH_AUTH_SOCK`).
    public var agentSocket: String?

    public init(
        knownHostsFile: String,
        acceptNewHostKeys: Bool = false,
        identityFile: String? = nil,
        user: String? = nil,
        connectTimeout: Duration = .seconds(10),
        retry: RetryPolicy = RetryPolicy(retries: 2, base: .seconds(1)),
        homeDirectory: String,
        agentSocket: String? = nil
    ) {
        self.knownHostsFile = knownHostsFile
        self.acceptNewHostKeys = acceptNewHostKeys
        self.identityFile = identityFile
        self.user = user
        self.connectTimeout = connectTimeout
        self.retry = retry
        self.homeDirectory = homeDirectory
        self.agentSocket = agentSocket
    }
}
