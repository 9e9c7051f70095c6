import Foundation

/// How Scour will reach one inventory host, every setting with where it came from — what a
/// `scour inventory HOST` view prints. Precedence, per setting: a command-line flag, then the
/// inventory's variables, then the ssh_config, then Scour's default (docs/ssh-config.md).
///
/// As with Ansible's ssh connection, ssh_config is looked up by `ansible_host` (else the
/// inventory name) — that is the name Ansible hands to ssh — so a `HostName` there maps it
/// to the address finally connected to.
public struct EffectiveConnection: Sendable, Hashable {
    public var address: Sourced<String>
    public var port: Sourced<Int>
    public var user: Sourced<String>
    /// Keys to offer, in order; empty means Scour's default keys (`defaultIdentities`).
    public var identityFiles: [Sourced<String>]
    /// Where the key choice came from when `identityFiles` is empty.
    public var defaultIdentities: Sourced<String>?
    /// `IdentitiesOnly yes`: offer only these files, not the agent's other keys.
    public var identitiesOnly: Sourced<Bool>
    /// `[]` for `UserKnownHostsFile none`: no file, so no host key is on record.
    public var knownHostsFiles: Sourced<[String]>
    /// Zero for `ConnectTimeout 0`: no timeout of the client's own (ssh waits for the system's).
    public var connectTimeout: Sourced<Duration>
    /// The bastion chain, first hop first; `[]` means a direct connection.
    public var jumps: Sourced<[JumpHost]>
    public var become: Sourced<Bool>
    public var becomeUser: Sourced<String>
    public var becomeMethod: Sourced<Become.Method>
    /// ssh_config lines that apply to the host but that Scour does not honour, and blocks it
    /// skipped: to be reported, not silently dropped.
    public var unsupported: [Sourced<String>]
    public var notes: [String]

    /// What the command line set; nil for a flag not given.
    public struct CommandLine: Sendable {
        public var user: String?
        public var identityFile: String?
        public var knownHostsFile: String?
        public var connectTimeout: Duration?
        public var jumps: [JumpHost]?
        public var become: Bool?

        public init(
            user: String? = nil, identityFile: String? = nil, knownHostsFile: String? = nil, connectTimeout: Duration? = nil,
            jumps: [JumpHost]? = nil, become: Bool? = nil
        ) {
            self.user = user
            self.identityFile = identityFile
            self.knownHostsFile = knownHostsFile
            self.connectTimeout = connectTimeout
            self.jumps = jumps
            self.become = become
        }
    }

    /// The controller's side: who runs Scour, and where their home is.
    public struct Local: Sendable {
        public var user: String
        public var home: String
        /// Where `${VAR}` in ssh_config file names is looked up.
        public var environment: [String: String]

        public init(user: String, home: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
            self.user = user
            self.home = home
            self.environment = environment
        }

        public static var current: Local {
            let environment = ProcessInfo.processInfo.environment
            return Local(user: environment["USER"] ?? "root", home: environment["HOME"] ?? NSHomeDirectory(), environment: environment)
        }
    }

    /// Combines the sources for `host` of the inventory at `inventoryPath`. Throws where ssh
    /// would stop, or Scour will not follow the ssh_config as ssh would, for the host or a
    /// bastion on its way (`SSHHostSettings.refusal`), and when a file name holds a token or
    /// variable Scour cannot expand; the error names the line.
    public static func resolve(
        host: InventoryHost, inventoryPath: String, sshConfig: SSHConfig?, commandLine: CommandLine = CommandLine(),
        local: Local = .current
    ) throws(SSHConfigError) -> EffectiveConnection {
        /// The variable of `names` (aliases) whose value the host uses — the last one set, as
        /// in Ansible — or nil when none is.
        func variable(_ names: [String]) -> SettingOrigin? {
            HostVariables.setter(names, in: host.vars).map { .inventory(variable: $0, path: inventoryPath) }
        }
        /// The origin of a setting the host has: a host made without variables names the first alias.
        func setting(_ names: [String]) -> SettingOrigin { variable(names) ?? .inventory(variable: names[0], path: inventoryPath) }
        let lookupName = host.address
        let fixedUser = commandLine.user ?? host.user
        let config = sshConfig?.settings(for: lookupName, localUser: local.user, user: fixedUser)
            ?? SSHHostSettings(originalHost: lookupName)
        if let refusal = config.refusal { throw refusal }

        var address = config.hostName
            ?? Sourced(
                host.address,
                from: variable(HostVariables.addressNames) ?? .inventoryName(path: inventoryPath))
        if !Self.isAddress(address.value) { address.value = address.value.lowercased() }  // as ssh.c does, for %h too
        let port = host.port.map { Sourced($0, from: setting(HostVariables.portNames)) }
            ?? config.port ?? Sourced(22, from: .defaultValue("port 22"))
        let user = commandLine.user.map { Sourced($0, from: .commandLine(flag: "--user")) }
            ?? host.user.map { Sourced($0, from: setting(HostVariables.userNames)) }
            ?? config.user ?? Sourced(local.user, from: .defaultValue("$USER"))
        let tokens = SSHTokens(
            home: local.home, localUser: local.user, remoteHost: address.value, originalHost: lookupName, remoteUser: user.value,
            port: port.value, environment: local.environment)
        func expanded(_ file: Sourced<String>) throws(SSHConfigError) -> Sourced<String> {
            guard case .sshConfig(let location) = file.origin else { return file }
            do { return Sourced(try tokens.expand(file.value), from: file.origin) } catch {
                throw SSHConfigError(location, error.message, refused: error.isScourLimitation)
            }
        }

        var identityFiles: [Sourced<String>] = []
        if let file = commandLine.identityFile {
            identityFiles = [Sourced(file, from: .commandLine(flag: "--identity"))]
        } else {
            if let file = host.privateKeyFile { identityFiles.append(Sourced(file, from: setting(HostVariables.keyNames))) }
            for file in config.identityFiles { identityFiles.append(try expanded(file)) }
        }
        let knownHosts: Sourced<[String]>
        if let file = commandLine.knownHostsFile {
            knownHosts = Sourced([file], from: .commandLine(flag: "--known-hosts"))
        } else if let files = config.userKnownHostsFiles, case .sshConfig(let location) = files.origin {
            var expandedFiles: [String] = []
            for file in files.value {
                do { expandedFiles.append(try tokens.expand(file)) } catch {
                    throw SSHConfigError(location, error.message, refused: error.isScourLimitation)
                }
            }
            knownHosts = Sourced(expandedFiles, from: files.origin)
        } else {
            knownHosts = Sourced([local.home + "/.ssh/known_hosts"], from: .defaultValue("~/.ssh/known_hosts"))
        }
        let jumps = commandLine.jumps.map { Sourced($0, from: .commandLine(flag: "--jump")) }
            ?? host.jumps.map { Sourced($0, from: setting([jumpVariable(of: host)])) }
            ?? config.proxyJump ?? Sourced([], from: .defaultValue("direct connection"))
        for hop in jumps.value {
            if var refusal = sshConfig?.settings(for: hop.host, localUser: local.user, user: hop.user).refusal {
                refusal.bastion = hop.description
                throw refusal
            }
        }
        if case .sshConfig(let location) = jumps.origin, let last = jumps.value.last, last.host == address.value,
            (last.port ?? 22) == port.value, (last.user ?? user.value) == user.value
        {
            throw SSHConfigError(location, "jumphost loop via \(last.host): the host is its own last bastion (ssh refuses it too)")
        }
        let become = commandLine.become.map { Sourced($0, from: .commandLine(flag: "--become")) }
            ?? host.become.enabled.map { Sourced($0, from: setting(["ansible_become"])) }
            ?? Sourced(false, from: .defaultValue("no become"))

        return EffectiveConnection(
            address: address, port: port, user: user, identityFiles: identityFiles,
            defaultIdentities: identityFiles.isEmpty
                ? Sourced("ssh-agent, then ~/.ssh/id_ed25519 and ~/.ssh/id_ecdsa", from: .defaultValue("scour's keys")) : nil,
            identitiesOnly: config.identitiesOnly ?? Sourced(false, from: .defaultValue("agent keys offered too")),
            knownHostsFiles: knownHosts,
            connectTimeout: commandLine.connectTimeout.map { Sourced($0, from: .commandLine(flag: "--connect-timeout")) }
                ?? config.connectTimeout ?? Sourced(.seconds(10), from: .defaultValue("10s")),
            jumps: jumps, become: become,
            becomeUser: Sourced(
                host.become.user,
                from: variable(HostVariables.becomeUserNames(method: host.become.method.description)) ?? .defaultValue("root")),
            becomeMethod: Sourced(host.become.method, from: variable(["ansible_become_method"]) ?? .defaultValue("sudo")),
            unsupported: config.unsupported, notes: config.notes)
    }

    /// An IP address, which ssh leaves as written; a name it lowercases.
    static func isAddress(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    /// Which of the SSH argument variables gave the jump chain (the common ones come first).
    private static func jumpVariable(of host: InventoryHost) -> String {
        let common = host.vars["ansible_ssh_common_args"].flatMap { try? SSHArguments(parsing: $0.description) }
        return common?.jumps != nil ? "ansible_ssh_common_args" : "ansible_ssh_extra_args"
    }
}
