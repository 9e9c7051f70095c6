import Foundation

/// An OpenSSH client configuration (`~/.ssh/config`, or the file of `-F`), read as ssh reads
/// it: see docs/ssh-config.md. Loading checks every line (errors point at file:line);
/// `settings(for:)` then walks the blocks for one host, first value winning.
public struct SSHConfig: Sendable {
    /// A line that decides whether the lines after it apply.
    enum Condition: Sendable {
        case host(SSHPatternList)
        /// Every criterion must hold.
        case match([MatchCriterion])
    }

    enum MatchCriterion: Sendable {
        case all(negated: Bool)
        case host(SSHPatternList, negated: Bool)
        case originalHost(SSHPatternList, negated: Bool)
        case user(SSHPatternList, negated: Bool)
        case localUser(SSHPatternList, negated: Bool)
        /// `canonical`: true only in ssh's second pass, which Scour refuses (`final`,
        /// `CanonicalizeHostname`), so false here — exactly ssh's first pass.
        case canonical(negated: Bool)
        /// `final`: asks ssh for a second pass; a host whose walk reads it is refused.
        case final
        /// `exec COMMAND`: Scour runs no command to read a configuration; a host it could
        /// decide is refused.
        case exec(String)
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
        /// `[]` for `none`.
        case userKnownHostsFiles([String])
        /// nil for `none` (which leaves the setting open, as in ssh).
        case connectTimeout(Duration?)
        /// `IgnoreUnknown`: keywords (a pattern list) not to refuse once it is in effect.
        case ignoreUnknown(String)
        /// `CanonicalizeHostname`, lowercased: anything but `no` is refused where it applies.
        case canonicalizeHostname(String)
        /// A keyword OpenSSH does not know: refused, unless an `IgnoreUnknown` in effect names it.
        case unknown(keyword: String)
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
    /// (ssh's `-o User=`), else the config's `User` so far, else `localUser`. When ssh would
    /// stop for this host, or Scour cannot read the file as ssh would, `refusal` says why.
    public func settings(for host: String, localUser: String, user: String? = nil) -> SSHHostSettings {
        var settings = SSHHostSettings(originalHost: host)
        let context = SSHConfigWalk(originalHost: host, localUser: localUser, fixedUser: user)
        walk(into: &settings, context: context, neverMatch: false)
        if settings.refusal == nil { settings.refusal = settings.unexpandableHostName }
        if settings.refusal == nil, let canonicalize = settings.canonicalizeHostname, canonicalize.value != "no",
            case .sshConfig(let location) = canonicalize.origin
        {
            settings.refusal = SSHConfigError(
                location, "CanonicalizeHostname \(canonicalize.value) applies to \(host): scour does not canonicalise host names (it would resolve them and read the file again)",
                refused: true)
        }
        return settings
    }

    /// Reads every entry, as ssh does even in blocks that do not apply (their `Include`s too,
    /// with `neverMatch`): an unknown keyword or a `Match final` there still counts.
    private func walk(into settings: inout SSHHostSettings, context: SSHConfigWalk, neverMatch: Bool) {
        var active = !neverMatch
        for entry in entries {
            guard settings.refusal == nil else { return }
            switch entry {
            case .condition(let condition, let location):
                if case .match = condition, let unexpandable = settings.unexpandableHostName {
                    settings.refusal = unexpandable  // ssh expands HostName to test a Match
                    return
                }
                let matched = context.matches(condition, settings: &settings, location: location, neverMatch: neverMatch)
                active = matched && !neverMatch
            case .setting(let value, let location):
                settings.apply(value, at: location, active: active)
            case .include(let files, _):
                // An Include in a block that does not apply brings nothing (ssh's NEVERMATCH),
                // and a Match inside an included file does not change the includer's state.
                for file in files { file.walk(into: &settings, context: context, neverMatch: !active) }
            }
        }
    }
}

/// What `Match` criteria are tested against while a host's settings are gathered.
struct SSHConfigWalk {
    let originalHost: String
    let localUser: String
    let fixedUser: String?

    /// Whether `condition` holds for the host. A `Match exec` that could decide it refuses the
    /// host, unless the block can never apply anyway (`neverMatch`, an inactive `Include`).
    func matches(_ condition: SSHConfig.Condition, settings: inout SSHHostSettings, location: SSHConfigLocation, neverMatch: Bool) -> Bool {
        switch condition {
        case .host(let patterns):
            return patterns.matches(originalHost)
        case .match(let criteria):
            var result = true
            var exec: String?
            for criterion in criteria {
                switch criterion {
                case .all(let negated): result = result && !negated
                case .host(let list, let negated): result = result && list.matches(settings.hostName?.value ?? originalHost) != negated
                case .originalHost(let list, let negated): result = result && list.matches(originalHost) != negated
                case .user(let list, let negated): result = result && list.matches(fixedUser ?? settings.user?.value ?? localUser) != negated
                case .localUser(let list, let negated): result = result && list.matches(localUser) != negated
                case .canonical(let negated): result = result && negated
                case .final:
                    settings.refusal = SSHConfigError(
                        location, "Match final makes ssh read the configuration a second time, after canonicalising the host name; scour reads it once",
                        refused: true)
                    return false
                case .exec(let command): exec = exec ?? command
                }
            }
            if result, !neverMatch, let exec {
                settings.refusal = SSHConfigError(
                    location, "Match exec \(exec.debugDescription) could decide the settings of \(originalHost); scour runs no command to read a configuration",
                    refused: true)
                return false
            }
            return result
        }
    }
}
