import Foundation
import ScourCore
import ScourSSH

/// How one attempt reaches a host: the target, the bastions on the way (first hop first; none
/// for a direct connection) and how to log in.
public struct HostRoute: Sendable {
    public var target: SSHTarget
    public var jumps: [SSHTarget]
    public var options: SSHClientOptions

    public init(target: SSHTarget, jumps: [SSHTarget] = [], options: SSHClientOptions) {
        self.target = target
        self.jumps = jumps
        self.options = options
    }
}

extension ConnectionSettings {
    /// Every connection setting of `host` with where it came from: command line, inventory,
    /// ssh_config, default (docs/ssh-config.md). `--jump` is a command-line setting like the
    /// others: as ssh's `-J` beats a `ProxyJump` (even `none`) in the config, it beats the
    /// inventory's and ssh_config's chains. `inventoryPath` only names the origins.
    public func effectiveConnection(for host: InventoryHost, inventoryPath: String) throws(SSHConfigError) -> EffectiveConnection {
        let commandLine = EffectiveConnection.CommandLine(
            user: user, identityFile: identityFile, knownHostsFile: knownHostsFile, connectTimeout: connectTimeout, jumps: jumps)
        return try EffectiveConnection.resolve(
            host: host, inventoryPath: inventoryPath, sshConfig: sshConfig, commandLine: commandLine, local: local)
    }

    /// The route of `host`: its target, the bastions on the way and the login, from
    /// `effectiveConnection`. Throws `SSHError` for what no attempt could get past: an ssh_config
    /// file name Scour cannot expand, a public key given as the key to log in with.
    public func route(for host: InventoryHost) throws -> HostRoute {
        let effective: EffectiveConnection
        do { effective = try effectiveConnection(for: host, inventoryPath: "the inventory") } catch {
            throw SSHError(kind: .localFile, host: host.name, message: error.description)
        }
        var identities: [SSHIdentity] = []
        // An ssh_config's key that cannot be loaded is skipped, as OpenSSH does; one named by
        // the inventory or `--identity` was refused before any host was contacted.
        for file in effective.identityFiles where !(file.origin.isSSHConfig && KeyFileAccess.problem(at: file.value) != nil) {
            if file.value.hasSuffix(".pub") {
                throw SSHError(kind: .localFile, host: host.name, message: Self.publicKeyMessage(file.value, origin: file.origin.description))
            }
            identities.append(.keyFile(path: file.value, passphrase: keyPassphrase))
        }
        let onlyGivenKeys = identityFile != nil || effective.identitiesOnly.value
        if let agentSocket, !onlyGivenKeys { identities.append(.agent(socket: agentSocket)) }
        if effective.identityFiles.isEmpty {
            for name in ["id_ed25519", "id_ecdsa"] {
                let path = "\(homeDirectory)/.ssh/\(name)"
                if FileManager.default.fileExists(atPath: path) { identities.append(.keyFile(path: path, passphrase: keyPassphrase)) }
            }
        }
        if let password = host.password { identities.append(.password(password.value)) }
        let options = SSHClientOptions(
            // `UserKnownHostsFile none`: no key on record, none kept (what ssh does with it).
            knownHostsFile: effective.knownHostsFiles.value.first ?? "/dev/null",
            hostKeyPolicy: acceptNewHostKeys ? .acceptNew : .strict,
            identities: identities,
            connectTimeout: effective.connectTimeout.value == .zero ? Self.systemConnectTimeout : effective.connectTimeout.value,
            keepaliveInterval: .seconds(15),
            answerBudget: answerBudget)
        let target = SSHTarget(host: effective.address.value, port: effective.port.value, user: effective.user.value)
        return HostRoute(target: target, jumps: effective.jumps.value.map(hopTarget), options: options)
    }

    /// A bastion as ssh reaches it: the hop's own user and port, else its ssh_config `Host`
    /// block's (`HostName`, `User`, `Port`), else the local user and port 22. Bastions log in
    /// with the target's identities and known_hosts file.
    func hopTarget(_ hop: JumpHost) -> SSHTarget {
        let config = sshConfig?.settings(for: hop.host, localUser: local.user, user: hop.user)
        return SSHTarget(
            host: config?.hostName?.value ?? hop.host,
            port: hop.port ?? config?.port?.value ?? 22,
            user: hop.user ?? config?.user?.value ?? local.user)
    }

    /// `ConnectTimeout 0`: ssh sets no timeout of its own and waits as long as the system
    /// does (Linux gives up a TCP connect after about two minutes); Scour needs a bound.
    static let systemConnectTimeout: Duration = .seconds(130)

    /// What to say when a `.pub` file is given as a key.
    public static func publicKeyMessage(_ path: String, origin: String) -> String {
        let privateKey = String(path.dropLast(".pub".count))
        return "\(path) (\(origin)) is a public key; give the private key (\(privateKey)) instead"
    }

    private var local: EffectiveConnection.Local {
        EffectiveConnection.Local(user: ProcessInfo.processInfo.environment["USER"] ?? "root", home: homeDirectory)
    }
}
