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
            if let entry = try entry(line, at: location, depth: depth) { entries.append(entry) }
        }
        return SSHConfig(path: path, entries: entries)
    }

    /// The entry of one line; nil for a keyword ssh accepts and ignores.
    private func entry(_ line: SSHConfigLine, at location: SSHConfigLocation, depth: Int) throws(SSHConfigError) -> SSHConfig.Entry? {
        let arguments = line.arguments
        let keyword = line.keyword.lowercased()
        guard !line.rest.isEmpty else { throw SSHConfigError(location, "\(line.keyword) needs an argument") }
        /// The one argument of a keyword that takes one, as ssh checks it.
        func single() throws(SSHConfigError) -> String {
            guard let first = arguments.first, !first.isEmpty else { throw SSHConfigError(location, "\(line.keyword) needs an argument") }
            guard arguments.count == 1 else { throw SSHConfigError(location, "\(line.keyword) takes one argument, not \(arguments.count)") }
            return first
        }
        switch keyword {
        case "host":
            guard arguments.allSatisfy({ !$0.isEmpty }) else { throw SSHConfigError(location, "Host has an empty pattern") }
            return .condition(.host(.hostLine(arguments)), location)
        case "match":
            return .condition(.match(try matchCriteria(line.rest, at: location)), location)
        case "include":
            guard arguments.allSatisfy({ !$0.isEmpty }) else { throw SSHConfigError(location, "Include has an empty file name") }
            guard depth < Self.maximumDepth else {
                throw SSHConfigError(location, "Include nested more than \(Self.maximumDepth) deep (a file including itself?)")
            }
            var files: [SSHConfig] = []
            for pattern in arguments {
                for path in try includedFiles(pattern, at: location) { files.append(try load(path: path, depth: depth + 1)) }
            }
            return .include(files, location)
        case "hostname": return .setting(.hostName(try single()), location)
        case "user": return .setting(.user(try single()), location)
        case "port":
            let text = try single()
            guard let port = Self.port(text) else {
                throw SSHConfigError(location, "Port must be a number from 1 to 65535 or a service name, not '\(text)'")
            }
            return .setting(.port(port), location)
        case "identityfile": return .setting(.identityFile(try single()), location)
        case "identitiesonly":
            switch try single().lowercased() {
            case "yes", "true": return .setting(.identitiesOnly(true), location)
            case "no", "false": return .setting(.identitiesOnly(false), location)
            default: throw SSHConfigError(location, "IdentitiesOnly must be yes or no, not '\(arguments[0])'")
            }
        case "proxyjump":
            let value = line.rest.prefix { $0 != "#" }.trimmingSpaces()
            if value.lowercased() == "none" { return .setting(.proxyJump([]), location) }
            do { return .setting(.proxyJump(try JumpHost.parseChain(value)), location) } catch {
                throw SSHConfigError(location, "ProxyJump: \(error.message)")
            }
        case "proxycommand":
            return .setting(.proxyCommand(line.rest), location)
        case "userknownhostsfile":
            guard arguments.allSatisfy({ !$0.isEmpty }) else { throw SSHConfigError(location, "UserKnownHostsFile has an empty file name") }
            if arguments.contains(where: { $0.lowercased() == "none" }) {
                guard arguments.count == 1 else { throw SSHConfigError(location, "UserKnownHostsFile none must appear alone") }
                return .setting(.userKnownHostsFiles([]), location)
            }
            return .setting(.userKnownHostsFiles(arguments), location)
        case "connecttimeout":
            let text = try single()
            if text == "none" { return .setting(.connectTimeout(nil), location) }
            guard let seconds = Self.seconds(text) else {
                throw SSHConfigError(location, "ConnectTimeout must be a time such as 10, 30s, 1m or none, not '\(text)'")
            }
            return .setting(.connectTimeout(.seconds(seconds)), location)
        case "ignoreunknown": return .setting(.ignoreUnknown(try single()), location)
        case "canonicalizehostname":
            let mode = try single().lowercased()
            guard ["yes", "no", "true", "false", "always"].contains(mode) else {
                throw SSHConfigError(location, "CanonicalizeHostname must be yes, no or always, not '\(arguments[0])'")
            }
            return .setting(.canonicalizeHostname(mode == "false" ? "no" : mode), location)
        default:
            if SSHKeywords.ignoredBySSH.contains(keyword) { return nil }
            guard SSHKeywords.other.contains(keyword) else { return .setting(.unknown(keyword: keyword), location) }
            guard !arguments.isEmpty else { throw SSHConfigError(location, "\(line.keyword) needs an argument") }
            return .setting(.other(keyword: line.keyword, text: line.rest), location)
        }
    }

    /// A `Match` line's criteria, split as ssh splits them (misc.c `strdelim`: blanks or one
    /// `=`, `"…"` quotes), checked as ssh checks them (readconf.c `match_cfg_line`).
    private func matchCriteria(_ text: String, at location: SSHConfigLocation) throws(SSHConfigError) -> [SSHConfig.MatchCriterion] {
        var words = Self.matchWords(text)[...]
        var criteria: [SSHConfig.MatchCriterion] = []
        while let word = words.popFirst(), !word.hasPrefix("#") {
            let negated = word.hasPrefix("!")
            let name = (negated ? String(word.dropFirst()) : word).lowercased()
            switch name {
            case "all":
                guard criteria.count <= 1, words.first.map({ $0.hasPrefix("#") }) ?? true else {
                    throw SSHConfigError(location, "Match \(word) cannot be combined with other criteria")
                }
                criteria.append(.all(negated: negated))
                words = []
                continue
            case "canonical": criteria.append(.canonical(negated: negated)); continue
            case "final": criteria.append(.final); continue
            default: break
            }
            guard ["host", "originalhost", "user", "localuser", "exec"].contains(name) else {
                throw SSHConfigError(location, "Match \(name) is not a criterion ssh knows (all, canonical, final, exec, host, originalhost, user, localuser)")
            }
            guard let argument = words.popFirst(), !argument.isEmpty, !argument.hasPrefix("#") else {
                throw SSHConfigError(location, "Match \(name) needs a pattern list")
            }
            switch name {
            case "host": criteria.append(.host(.list(argument, ignoringCase: true), negated: negated))
            case "originalhost": criteria.append(.originalHost(.list(argument, ignoringCase: true), negated: negated))
            case "user": criteria.append(.user(.list(argument, ignoringCase: false), negated: negated))
            case "localuser": criteria.append(.localUser(.list(argument, ignoringCase: false), negated: negated))
            default: criteria.append(.exec(argument))
            }
        }
        guard !criteria.isEmpty else { throw SSHConfigError(location, "Match needs criteria (e.g. Match host web*)") }
        return criteria
    }

    /// misc.c `strdelim`: words end at blanks or one `=`; `"` quotes a word.
    static func matchWords(_ text: String) -> [String] {
        var words: [String] = [], current = "", inWord = false, quoted = false
        for character in text {
            if quoted {
                if character == "\"" { quoted = false } else { current.append(character) }
            } else if character == "\"" {
                quoted = true
                inWord = true
            } else if character == " " || character == "\t" || character == "=" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
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
        let files = (0..<Int(found.gl_pathc)).compactMap { found.gl_pathv[$0].map { String(cString: $0) } }
            .filter { !FileManager.default.isDirectory($0) }
        for file in files {
            // ssh refuses an included file another user could change (readconf.c SSHCONF_CHECKPERM).
            var status = stat()
            if stat(file, &status) == 0, (status.st_uid != 0 && status.st_uid != getuid()) || status.st_mode & 0o022 != 0 {
                throw SSHConfigError(location, "\(file) is writable by others or owned by another user; ssh refuses to include it")
            }
        }
        return files
    }

    /// misc.c `a2port`: a number from 1 to 65535, or a TCP service name (`ssh`). Looked up with
    /// `getservbyname_r`: configs are read on many threads at once, and `getservbyname`'s one
    /// static answer let one lookup return another's port (`Port http` read as 22).
    static func port(_ text: String) -> Int? {
        if let number = Int(text) { return (1...65535).contains(number) ? number : nil }
        var entry = servent()
        var found: UnsafeMutablePointer<servent>?
        let size = 4096
        var buffer = [CChar](repeating: 0, count: size)
        guard getservbyname_r(text, "tcp", &entry, &buffer, size, &found) == 0, found != nil else { return nil }
        let port = Int(UInt16(bigEndian: UInt16(truncatingIfNeeded: entry.s_port)))
        return port > 0 ? port : nil
    }

    /// misc.c `convtime`: a sum of `N[sSmMhHdDwW]` parts (a bare number is seconds).
    static func seconds(_ text: String) -> Int? {
        var total = 0, rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            if rest.first == "+" { rest = rest.dropFirst() }  // strtol takes a sign
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard let value = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            var multiplier = 1
            if let unit = rest.first {
                switch unit {
                case "s", "S": multiplier = 1
                case "m", "M": multiplier = 60
                case "h", "H": multiplier = 3600
                case "d", "D": multiplier = 86400
                case "w", "W": multiplier = 604_800
                default: return nil
                }
                rest = rest.dropFirst()
            }
            guard value <= Int(Int32.max) / multiplier else { return nil }
            total += value * multiplier
            guard total <= Int(Int32.max) else { return nil }
        }
        return total
    }
}

