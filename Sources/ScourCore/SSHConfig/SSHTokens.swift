import Foundation

/// What ssh expands in file names (`IdentityFile`, `UserKnownHostsFile`), in its order
/// (ssh.c, misc.c): a leading `~` or `~user`, then `${VAR}` from the environment and the `%`
/// tokens of ssh_config(5): `%%`, `%d` local home, `%h` remote address, `%i` local uid, `%L`
/// local host name up to its first dot, `%l` local host name, `%n` the name given to ssh,
/// `%p` port, `%r` remote user, `%u` local user. `%C` and `%k` are refused, as is a variable
/// that is not set (ssh stops there too): a file name Scour cannot work out must not
/// silently become another file.
public struct SSHTokens: Sendable {
    public var home: String
    public var localUser: String
    public var remoteHost: String
    public var originalHost: String
    public var remoteUser: String
    public var port: Int
    /// Where `${VAR}` is looked up.
    public var environment: [String: String]

    public init(
        home: String, localUser: String, remoteHost: String, originalHost: String, remoteUser: String, port: Int,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.home = home
        self.localUser = localUser
        self.remoteHost = remoteHost
        self.originalHost = originalHost
        self.remoteUser = remoteUser
        self.port = port
        self.environment = environment
    }

    /// `text` with `~`, variables and tokens replaced; the error names what failed.
    public func expand(_ text: String) throws(SSHTokenError) -> String {
        var result = "", characters = Array(try tildeExpanded(text))[...]
        while let character = characters.popFirst() {
            if character == "$", characters.first == "{" {
                characters.removeFirst()
                guard let close = characters.firstIndex(of: "}") else { throw SSHTokenError(message: "'${' without a closing '}' in '\(text)'") }
                let name = String(characters[..<close])
                characters = characters[characters.index(after: close)...]
                guard !name.isEmpty else { throw SSHTokenError(message: "an empty '${}' in '\(text)'") }
                guard let value = environment[name] else { throw SSHTokenError(message: "'${\(name)}' in '\(text)' is not set in the environment") }
                result += value
                continue
            }
            guard character == "%" else { result.append(character); continue }
            guard let token = characters.popFirst() else { throw SSHTokenError(message: "'\(text)' ends with a lone '%'") }
            switch token {
            case "%": result += "%"
            case "d": result += home
            case "h": result += remoteHost
            case "i": result += String(getuid())
            case "L": result += String(ProcessInfo.processInfo.hostName.prefix { $0 != "." })
            case "l": result += ProcessInfo.processInfo.hostName
            case "n": result += originalHost
            case "p": result += String(port)
            case "r": result += remoteUser
            case "u": result += localUser
            case "C", "k":
                throw SSHTokenError(
                    message: "'%\(token)' in '\(text)' is a token ssh expands and scour does not (%%, %d, %h, %i, %L, %l, %n, %p, %r, %u)",
                    isScourLimitation: true)
            default:
                throw SSHTokenError(message: "'%\(token)' in '\(text)' is not a token (%%, %d, %h, %i, %L, %l, %n, %p, %r, %u)")
            }
        }
        return result
    }

    /// A leading `~` is `home`, `~user` that user's home (misc.c `tilde_expand`).
    private func tildeExpanded(_ text: String) throws(SSHTokenError) -> String {
        guard text.hasPrefix("~") else { return text }
        let rest = text.dropFirst()
        let name = rest.prefix { $0 != "/" }
        var path = rest.dropFirst(name.count).drop { $0 == "/" }
        var directory = home
        if !name.isEmpty {
            guard let entry = getpwnam(String(name)), let dir = entry.pointee.pw_dir else {
                throw SSHTokenError(message: "'~\(name)' in '\(text)': no such user")
            }
            directory = String(cString: dir)
        }
        if path.isEmpty { path = "" }
        return directory + (directory.hasSuffix("/") ? "" : "/") + path
    }

    /// `HostName` takes only `%h` (the name given to ssh) and `%%`, as ssh expands it.
    static func expandHostName(_ text: String, originalHost: String) throws(SSHTokenError) -> String {
        var result = "", characters = text.makeIterator()
        while let character = characters.next() {
            guard character == "%" else { result.append(character); continue }
            switch characters.next() {
            case "%": result += "%"
            case "h": result += originalHost
            case nil: throw SSHTokenError(message: "'\(text)' ends with a lone '%'")
            case let token?: throw SSHTokenError(message: "HostName takes only the %h and %% tokens, not %\(token)")
            }
        }
        return result
    }
}

public struct SSHTokenError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// A token ssh expands (`%C`, `%k`) that Scour does not: refused deliberately.
    public var isScourLimitation = false
    public var description: String { message }
}
