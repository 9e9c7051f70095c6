import ScourCore
import ScourSSH
import ScourTransport

/// How to reach hosts, as the operator asked for it on the command line, with the ssh_config
/// read for this command. Inventory variables and ssh_config fill in what the flags leave open
/// (`HostRoute`, docs/ssh-config.md).
public struct ConnectionSettings: Sendable {
    /// The OpenSSH known_hosts file host keys are checked against (`--known-hosts`); nil: the
    /// ssh_config's `UserKnownHostsFile`, else `~/.ssh/known_hosts`.
    public var knownHostsFile: String?
    /// Trust on first use: record unknown host keys instead of refusing them. A changed key is
    /// refused either way.
    public var acceptNewHostKeys: Bool
    /// A private key that overrides every other identity source.
    public var identityFile: String?
    /// A login name that overrides the inventory's `ansible_user`.
    public var user: String?
    /// Deadline for the TCP connection, the key exchange and authentication together — for a
    /// host behind bastions, of the whole chain. nil: the ssh_config's `ConnectTimeout`, else 10s.
    public var connectTimeout: Duration?
    /// Transient connection failures are retried under this policy.
    public var retry: RetryPolicy
    /// Where default identities (`id_ed25519`, `id_ecdsa`) and known_hosts are looked for.
    public var homeDirectory: String
    /// The ssh-agent socket, when one is running (`SSH_AUTH_SOCK`).
    public var agentSocket: String?
    /// `--jump`: the bastion chain of every host, over the inventory's and ssh_config's (as ssh's `-J`).
    public var jumps: [JumpHost]?
    /// The ssh_config of this command (read once), or nil to use none.
    public var sshConfig: SSHConfig?
    /// The passphrase of key files (`--ask-key-passphrase`); ssh-agent keys need none.
    public var keyPassphrase: String?
    /// The memory all hosts' answers may take at once (`--memory-limit`): one budget for every
    /// session of the command.
    public var answerBudget: AnswerBudget

    public init(
        knownHostsFile: String? = nil,
        acceptNewHostKeys: Bool = false,
        identityFile: String? = nil,
        user: String? = nil,
        connectTimeout: Duration? = nil,
        retry: RetryPolicy = RetryPolicy(retries: 2, base: .seconds(1)),
        homeDirectory: String,
        agentSocket: String? = nil,
        jumps: [JumpHost]? = nil,
        sshConfig: SSHConfig? = nil,
        keyPassphrase: String? = nil,
        answerBudget: AnswerBudget = AnswerBudget()
    ) {
        self.knownHostsFile = knownHostsFile
        self.acceptNewHostKeys = acceptNewHostKeys
        self.identityFile = identityFile
        self.user = user
        self.connectTimeout = connectTimeout
        self.retry = retry
        self.homeDirectory = homeDirectory
        self.agentSocket = agentSocket
        self.jumps = jumps
        self.sshConfig = sshConfig
        self.keyPassphrase = keyPassphrase
        self.answerBudget = answerBudget
    }
}
