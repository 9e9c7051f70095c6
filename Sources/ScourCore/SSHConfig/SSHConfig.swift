import Foundation

/// An OpenSSH client configuration (`~/.ssh/config`, or the file of `-F`), read as ssh reads
/// it: see docs/ssh-config.md. Loading checks every line (errors point at file:line);
/// `settings(for:)` then walks the blocks for one host, first value winning.
public struct SSHConfig: Sendable {
    /// A line that decides whether the lines after it apply.
    enum Condition: Sendable {
        case host(SSHPatternList)
        case match([MatchCriterion])
        /// A `Match` Scour cannot evaluate (`exec`, `canonical`, …): its block never applies.
        case unsupportedMatch(String)
    }

    enum MatchCriterion: Sendable {
        case all
        case host(SSHPatternList, negated: Bool)
        case originalHost(SSHPatternList, negated: Bool)
        case user(SSHPatternList, negated: Bool)
        case localUser(SSHPatternList, negated: Bool)
    }

    /// The settings Scour reads, typed when the file is loaded.
    enum Value: Sendable {
        case hostName(String)
        case user(String)
        case port(Int)
        case identityFile(String)
        case identitiesOnly(Bool)
        /// `[]` for `none`.
        case proxyJump([JumpHost])
        case proxyCommand(String)
        case userKnownHostsFiles([String])
        case connectTimeout(Duration)
        /// A keyword Scour does not honour, with its arguments as written.
        case other(keyword: String, text: String)
    }

    enum Entry: Sendable {
        case condition(Condition, SSHConfigLocation)
        case setting(Value, SSHConfigLocation)
        /// The files an `Include` line names (none when its glob matches nothing, as in ssh).
        case include([SSHConfig], SSHConfigLocation)
    }

    public let path: String
    let entries: [Entry]

    init(path: String, entries: [Entry]) {
        self.path = path
        self.entries = entries
    }

    /// Reads `path` and every file it includes. `home` is where `~` and relative `Include`
    /// paths (relative to `~/.ssh`) point.
    public static func load(path: String, home: String) throws(SSHConfigError) -> SSHConfig {
        try SSHConfigParser(home: home).load(path: path, depth: 0)
    }

    /// Reads configuration text (for tests and `-F -` style callers).
    public static func parse(text: String, path: String, home: String) throws(SSHConfigError) -> SSHConfig {
        try SSHConfigParser(home: home).parse(text: text, path: path, depth: 0)
    }

    /// The effective settings for `host` (the name given to ssh: Ansible gives `ansible_host`,
    /// else the inventory name), each with the line it came from. `Match localuser` tests
    /// `localUser`; `Match user` tests `user` when the inventory or command line fixed it
    /// (ssh's `-o User=`), else the config's `User` so far, else `localUser`.
    public func settings(for host: String, localUser: String, user: String? = nil) -> SSHHostSettings {
        var settings = SSHHostSettings(originalHost: host)
        var context = SSHConfigWalk(originalHost: host, localUser: localUser, fixedUser: user)
        walk(into: &settings, context: &context)
        return settings
    }

    private func walk(into settings: inout SSHHostSettings, context: inout SSHConfigWalk) {
        var active = true
        for entry in entries {
            switch entry {
            case .condition(let condition, let location):
                active = context.matches(condition, settings: settings, location: location, notes: &settings.notes)
            case .setting(let value, let location):
                if active { settings.apply(value, at: location) }
            case .include(let files, _):
                // An Include in a block that does not apply brings nothing (ssh's NEVERMATCH).
                if active { for file in files { file.walk(into: &settings, context: &context) } }
            }
        }
    }
}

/// What `Match` criteria are tested against while a host's settings are gathered.
struct SSHConfigWalk {
    let originalHost: String
    let localUser: String
    let fixedUser: String?

    func matches(_ condition: SSHConfig.Condition, settings: SSHHostSettings, location: SSHConfigLocation, notes: inout [String]) -> Bool {
        switch condition {
        case .host(let patterns):
            return patterns.matches(originalHost)
        case .unsupportedMatch(let criterion):
            let note = "\(location): Match \(criterion) is not supported by scour; the block is skipped"
            if !notes.contains(note) { notes.append(note) }
            return false
        case .match(let criteria):
            return criteria.allSatisfy { criterion in
                switch criterion {
                case .all: return true
                case .host(let list, let negated): return list.matches(settings.hostName?.value ?? originalHost) != negated
                case .originalHost(let list, let negated): return list.matches(originalHost) != negated
                case .user(let list, let negated): return list.matches(fixedUser ?? settings.user?.value ?? localUser) != negated
                case .localUser(let list, let negated): return list.matches(localUser) != negated
                }
            }
        }
    }
}
