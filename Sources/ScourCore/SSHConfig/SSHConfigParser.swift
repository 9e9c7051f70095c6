import Foundation

/// Reads ssh_config files into `SSHConfig` entries, checking every line whether or not it will
/// apply (as ssh does): a bad port or an unterminated quote is an error at its file:line.
struct SSHConfigParser {
    let home: String

    /// OpenSSH's limit on nested `Include`s (readconf.c READCONF_MAX_DEPTH).
    static let maximumDepth = 16

    func load(path: String, depth: Int) throws(SSHConfigError) -> SSHConfig {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw SSHConfigError(path: path, "cannot read the ssh_config file: \((error as NSError).localizedDescription)")
        }
        return try parse(text: text, path: path, depth: depth)
    }

    func parse(text: String, path: String, depth: Int) throws(SSHConfigError) -> SSHConfig {
        var entries: [SSHConfig.Entry] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let location = SSHConfigLocation(path: path, line: index + 1)
            let line: SSHConfigLine
            do {
                guard let split = try SSHConfigLine.split(String(rawLine), at: location) else { continue }
                line = split
            } catch let error as SSHConfigError { throw error } catch { throw SSHConfigError(location, "\(error)") }
            entries.append(try entry(line, at: location, depth: depth))
        }
        return SSHConfig(path: path, entries: entries)
    }

    private func entry(_ line: SSHConfigLine, at location: SSHConfigLocation, depth: Int) throws(SSHConfigError) -> SSHConfig.Entry {
        let arguments = line.arguments
        func single() throws(SSHConfigError) -> String {
            guard let first = arguments.first, !first.isEmpty else { throw SSHConfigError(location, "\(line.keyword) needs an argument") }
            return first
        }
        switch line.keyword.lowercased() {
        case "host":
            guard !arguments.isEmpty else { throw SSHConfigError(location, "Host needs at least one pattern") }
            return .condition(.host(SSHPatternList(arguments)), location)
        case "match":
            return .condition(try match(arguments, at: location), location)
        case "include":
            guard !arguments.isEmpty else { throw SSHConfigError(location, "Include needs a file name") }
            guard depth < Self.maximumDepth else {
                throw SSHConfigError(location, "Include nested more than \(Self.maximumDepth) deep (a file including itself?)")
            }
            var files: [SSHConfig] = []
            for pattern in arguments {
                for path in try includedFiles(pattern, at: location) { files.append(try load(path: path, depth: depth + 1)) }
            }
            return .include(files, location)
        case "hostname":
            let name = try single()
            if let token = name.firstToken(except: ["h", "%"]) {
                throw SSHConfigError(location, "HostName takes only the %h and %% tokens, not %\(token)")
            }
            return .setting(.hostName(name), location)
        case "user": return .setting(.user(try single()), location)
        case "port":
            guard let port = Int(try single()), (1...65535).contains(port) else {
                throw SSHConfigError(location, "Port must be a number from 1 to 65535, not '\(arguments[0])'")
            }
            return .setting(.port(port), location)
        case "identityfile": return .setting(.identityFile(try single()), location)
        case "identitiesonly":
            switch try single().lowercased() {
            case "yes": return .setting(.identitiesOnly(true), location)
            case "no": return .setting(.identitiesOnly(false), location)
            default: throw SSHConfigError(location, "IdentitiesOnly must be yes or no, not '\(arguments[0])'")
            }
        case "proxyjump":
            let value = try single()
            if value.lowercased() == "none" { return .setting(.proxyJump([]), location) }
            do { return .setting(.proxyJump(try JumpHost.parseChain(value)), location) } catch {
                throw SSHConfigError(location, "ProxyJump: \(error.message)")
            }
        case "proxycommand":
            guard !line.rest.isEmpty else { throw SSHConfigError(location, "ProxyCommand needs a command") }
            return .setting(.proxyCommand(line.rest), location)
        case "userknownhostsfile":
            guard !arguments.isEmpty, arguments.allSatisfy({ !$0.isEmpty }) else {
                throw SSHConfigError(location, "UserKnownHostsFile needs a file name")
            }
            return .setting(.userKnownHostsFiles(arguments), location)
        case "connecttimeout":
            guard let seconds = Self.seconds(try single()), seconds > 0 else {
                throw SSHConfigError(location, "ConnectTimeout must be a time such as 10, 30s or 1m, not '\(arguments[0])'")
            }
            return .setting(.connectTimeout(.seconds(seconds)), location)
        default:
            return .setting(.other(keyword: line.keyword, text: line.rest), location)
        }
    }

    /// `Match` criteria Scour evaluates: `all`, `host`, `originalhost`, `user`, `localuser`,
    /// each negatable with `!`. Any other makes the block one that never applies (noted when
    /// a host reaches it).
    private func match(_ arguments: [String], at location: SSHConfigLocation) throws(SSHConfigError) -> SSHConfig.Condition {
        guard !arguments.isEmpty else { throw SSHConfigError(location, "Match needs criteria (e.g. Match host web*)") }
        var criteria: [SSHConfig.MatchCriterion] = []
        var words = arguments[...]
        while let word = words.popFirst() {
            let negated = word.hasPrefix("!")
            let name = (negated ? String(word.dropFirst()) : word).lowercased()
            if name == "all" {
                guard !negated else { return .unsupportedMatch("!all") }
                criteria.append(.all)
                continue
            }
            guard ["host", "originalhost", "user", "localuser"].contains(name) else { return .unsupportedMatch(name) }
            guard let list = words.popFirst() else { throw SSHConfigError(location, "Match \(name) needs a pattern list") }
            let patterns = SSHPatternList([list])
            switch name {
            case "host": criteria.append(.host(patterns, negated: negated))
            case "originalhost": criteria.append(.originalHost(patterns, negated: negated))
            case "user": criteria.append(.user(patterns, negated: negated))
            default: criteria.append(.localUser(patterns, negated: negated))
            }
        }
        return .match(criteria)
    }

    /// An `Include` argument's files: `~` expanded, relative to `~/.ssh`, globbed (sorted); no
    /// match is no file, as in ssh.
    private func includedFiles(_ pattern: String, at location: SSHConfigLocation) throws(SSHConfigError) -> [String] {
        var path = pattern
        if path == "~" || path.hasPrefix("~/") { path = home + path.dropFirst() }
        if !path.hasPrefix("/") { path = home + "/.ssh/" + path }
        var found = glob_t()
        defer { globfree(&found) }
        let status = glob(path, 0, nil, &found)
        guard status == 0 else {
            if status == GLOB_NOMATCH { return [] }
            throw SSHConfigError(location, "cannot read the files of Include \(pattern)")
        }
        return (0..<Int(found.gl_pathc)).compactMap { found.gl_pathv[$0].map { String(cString: $0) } }
            .filter { !FileManager.default.isDirectory($0) }
    }

    /// OpenSSH's time format (misc.c `convtime`): seconds, or a sum of `N[smhdw]` parts.
    static func seconds(_ text: String) -> Int? {
        if let plain = Int(text) { return plain }
        var total = 0, number = ""
        for character in text.lowercased() {
            if character.isASCII && character.isNumber { number.append(character); continue }
            let unit: Int
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86400
            case "w": unit = 604_800
            default: return nil
            }
            guard let value = Int(number) else { return nil }
            total += value * unit
            number = ""
        }
        guard number.isEmpty else { return nil }
        return total
    }
}

extension String {
    /// The first `%` token other than `allowed`, if any.
    func firstToken(except allowed: Set<Character>) -> Character? {
        var characters = makeIterator()
        while let character = characters.next() {
            guard character == "%" else { continue }
            guard let token = characters.next() else { return "%" }
            if !allowed.contains(token) { return token }
        }
        return nil
    }
}
