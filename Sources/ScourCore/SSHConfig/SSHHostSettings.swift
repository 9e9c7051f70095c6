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
    /// The name ssh was given (what `Host` patterns and `%n` see), as given: ssh matches it
    /// with case and lowercases only the final address.
    public var originalHost: String
    /// `HostName`, `%h` already replaced by the original host.
    public var hostName: Sourced<String>?
    public var user: Sourced<String>?
    public var port: Sourced<Int>?
    /// `IdentityFile`s in order, as written (`~`, `${VAR}` and `%` tokens are expanded once
    /// the user, port and address are known: `EffectiveConnection`).
    public var identityFiles: [Sourced<String>] = []
    public var identitiesOnly: Sourced<Bool>?
    /// `ProxyJump`; `[]` for `none`.
    public var proxyJump: Sourced<[JumpHost]>?
    /// `UserKnownHostsFile`, as written; `[]` for `none` (no file).
    public var userKnownHostsFiles: Sourced<[String]>?
    /// `ConnectTimeout`; zero (`ConnectTimeout 0`) means no timeout of the client's own.
    public var connectTimeout: Sourced<Duration>?
    /// Effective lines Scour does not honour (`ProxyCommand …`, `ForwardAgent yes`), as
    /// written, to be reported.
    public var unsupported: [Sourced<String>] = []
    /// Kept for callers that print it; Scour now refuses what it cannot evaluate (`refusal`).
    public var notes: [String] = []
    /// Why ssh would stop for this host (an unknown keyword, a `HostName` token it cannot
    /// expand) or Scour will not follow the file as ssh would (`Match exec`, `Match final`,
    /// `CanonicalizeHostname`): the host must not be reached on another reading. Nil when
    /// the settings above are exactly ssh's.
    public var refusal: SSHConfigError?
    /// `IgnoreUnknown`, the first in effect.
    var ignoreUnknown: String?
    /// `CanonicalizeHostname`, the first in effect.
    var canonicalizeHostname: Sourced<String>?
    /// The `HostName` in effect holds a token ssh cannot expand. ssh expands it at the next
    /// `Match` line or after the whole file is read — so an unknown keyword before either is
    /// the error it reports — and stops there: `SSHConfig.settings(for:)` refuses the host then.
    var unexpandableHostName: SSHConfigError?

    init(originalHost: String) { self.originalHost = originalHost }

    /// Takes `value` if its block applies (`active`); an unknown keyword is refused either
    /// way, as ssh refuses it, unless an `IgnoreUnknown` in effect names it.
    mutating func apply(_ value: SSHConfig.Value, at location: SSHConfigLocation, active: Bool) {
        if case .unknown(let keyword) = value {
            if !(ignoreUnknown.map { SSHPatternList.list($0, ignoringCase: true).matches(keyword) } ?? false) {
                refusal = SSHConfigError(location, "unknown keyword '\(keyword)' (as in ssh, an error unless IgnoreUnknown names it)")
            }
            return
        }
        guard active else { return }
        let origin = SettingOrigin.sshConfig(location)
        switch value {
        case .hostName(let name):
            guard hostName == nil, unexpandableHostName == nil else { return }
            do { hostName = Sourced(try SSHTokens.expandHostName(name, originalHost: originalHost), from: origin) } catch {
                unexpandableHostName = SSHConfigError(location, error.message)
            }
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
        case .connectTimeout(let timeout):
            if connectTimeout == nil, let timeout { connectTimeout = Sourced(timeout, from: origin) }
        case .ignoreUnknown(let patterns): if ignoreUnknown == nil { ignoreUnknown = patterns }
        case .canonicalizeHostname(let mode): if canonicalizeHostname == nil { canonicalizeHostname = Sourced(mode, from: origin) }
        case .other(let keyword, let text): noteUnsupported(keyword, text, origin)
        case .unknown: break
        }
    }

    /// Keywords already in `unsupported`: for them too only the first value counts.
    private var unsupportedKeywords: Set<String> = []

    private mutating func noteUnsupported(_ keyword: String, _ text: String, _ origin: SettingOrigin) {
        guard unsupportedKeywords.insert(keyword.lowercased()).inserted else { return }
        unsupported.append(Sourced("\(keyword) \(text)", from: origin))
    }
}
