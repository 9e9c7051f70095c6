/// Where an effective connection setting came from, for `scour inventory HOST` to show.
public enum SettingOrigin: Sendable, Hashable, CustomStringConvertible {
    /// A command-line flag: `--user`.
    case commandLine(flag: String)
    /// An inventory variable (`ansible_user`) and the inventory that set it.
    case inventory(variable: String, path: String)
    /// The inventory's own name for the host (the address when nothing else gives one).
    case inventoryName(path: String)
    /// An ssh_config line.
    case sshConfig(SSHConfigLocation)
    /// Scour's default, and what it is (`$USER`, `port 22`).
    case defaultValue(String)

    public var description: String {
        switch self {
        case .commandLine(let flag): return "command line \(flag)"
        case .inventory(let variable, let path): return "inventory variable \(variable) (\(path))"
        case .inventoryName(let path): return "inventory host name (\(path))"
        case .sshConfig(let location): return "ssh_config \(location)"
        case .defaultValue(let what): return "default: \(what)"
        }
    }
}

/// A value and where it came from.
public struct Sourced<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var origin: SettingOrigin

    public init(_ value: Value, from origin: SettingOrigin) {
        self.value = value
        self.origin = origin
    }
}

/// What an ssh_config says for one host: each setting Scour reads, with the line it came
/// from. The first value obtained wins, as in OpenSSH; `IdentityFile` accumulates;
/// `UserKnownHostsFile` is one line's list, the first line's.
public struct SSHHostSettings: Sendable, Hashable {
    /// The name ssh was given (what `Host` patterns and `%n` see).
    public var originalHost: String
    /// `HostName`, `%h` already replaced by the original host.
    public var hostName: Sourced<String>?
    public var user: Sourced<String>?
    public var port: Sourced<Int>?
    /// `IdentityFile`s in order, as written (`~` and `%` tokens are expanded once the user,
    /// port and address are known: `EffectiveConnection`).
    public var identityFiles: [Sourced<String>] = []
    public var identitiesOnly: Sourced<Bool>?
    /// `ProxyJump`; `[]` for `none`.
    public var proxyJump: Sourced<[JumpHost]>?
    /// `UserKnownHostsFile`, as written.
    public var userKnownHostsFiles: Sourced<[String]>?
    public var connectTimeout: Sourced<Duration>?
    /// Effective lines Scour does not honour (`ProxyCommand …`, `ForwardAgent yes`), as
    /// written, to be reported.
    public var unsupported: [Sourced<String>] = []
    /// Blocks skipped because Scour cannot evaluate their `Match`, one note each.
    public var notes: [String] = []

    init(originalHost: String) { self.originalHost = originalHost }

    mutating func apply(_ value: SSHConfig.Value, at location: SSHConfigLocation) {
        let origin = SettingOrigin.sshConfig(location)
        switch value {
        case .hostName(let name):
            if hostName == nil { hostName = Sourced(SSHTokens.expandHostName(name, originalHost: originalHost), from: origin) }
        case .user(let name): if user == nil { user = Sourced(name, from: origin) }
        case .port(let number): if port == nil { port = Sourced(number, from: origin) }
        case .identityFile(let file):
            if !identityFiles.contains(where: { $0.value == file }) { identityFiles.append(Sourced(file, from: origin)) }
        case .identitiesOnly(let flag): if identitiesOnly == nil { identitiesOnly = Sourced(flag, from: origin) }
        case .proxyJump(let chain):
            // ProxyJump and ProxyCommand exclude each other: the first one given wins.
            if proxyJump == nil && !unsupportedKeywords.contains("proxycommand") { proxyJump = Sourced(chain, from: origin) }
        case .proxyCommand(let command):
            if proxyJump == nil { noteUnsupported("ProxyCommand", command, origin) }
        case .userKnownHostsFiles(let files): if userKnownHostsFiles == nil { userKnownHostsFiles = Sourced(files, from: origin) }
        case .connectTimeout(let timeout): if connectTimeout == nil { connectTimeout = Sourced(timeout, from: origin) }
        case .other(let keyword, let text): noteUnsupported(keyword, text, origin)
        }
    }

    /// Keywords already in `unsupported`: for them too only the first value counts.
    private var unsupportedKeywords: Set<String> = []

    private mutating func noteUnsupported(_ keyword: String, _ text: String, _ origin: SettingOrigin) {
        guard unsupportedKeywords.insert(keyword.lowercased()).inserted else { return }
        unsupported.append(Sourced("\(keyword) \(text)", from: origin))
    }
}
