import Foundation

/// OpenSSH's `%` tokens and `~` in file names (ssh_config(5) TOKENS): `%%`, `%d` local home,
/// `%h` remote address, `%i` local uid, `%l` local host name, `%n` the name given to ssh,
/// `%p` port, `%r` remote user, `%u` local user. Others (`%C`, `%k`, `%j`, …) are refused:
/// a file name Scour cannot work out must not silently become another file.
public struct SSHTokens: Sendable {
    public var home: String
    public var localUser: String
    public var remoteHost: String
    public var originalHost: String
    public var remoteUser: String
    public var port: Int

    public init(home: String, localUser: String, remoteHost: String, originalHost: String, remoteUser: String, port: Int) {
        self.home = home
        self.localUser = localUser
        self.remoteHost = remoteHost
        self.originalHost = originalHost
        self.remoteUser = remoteUser
        self.port = port
    }

    /// `text` with `~` and tokens replaced; the error names the token.
    public func expand(_ text: String) throws(SSHTokenError) -> String {
        var source = text
        if source == "~" || source.hasPrefix("~/") { source = home + source.dropFirst() }
        var result = "", characters = source.makeIterator()
        while let character = characters.next() {
            guard character == "%" else { result.append(character); continue }
            guard let token = characters.next() else { throw SSHTokenError(message: "'\(text)' ends with a lone '%'") }
            switch token {
            case "%": result += "%"
            case "d": result += home
            case "h": result += remoteHost
            case "i": result += String(getuid())
            case "l": result += ProcessInfo.processInfo.hostName
            case "n": result += originalHost
            case "p": result += String(port)
            case "r": result += remoteUser
            case "u": result += localUser
            default: throw SSHTokenError(message: "'%\(token)' in '\(text)' is not a token scour expands (%%, %d, %h, %i, %l, %n, %p, %r, %u)")
            }
        }
        return result
    }

    /// `HostName` takes only `%h` (the name given to ssh) and `%%`.
    static func expandHostName(_ text: String, originalHost: String) -> String {
        text.replacingOccurrences(of: "%%", with: "\u{0}").replacingOccurrences(of: "%h", with: originalHost)
            .replacingOccurrences(of: "\u{0}", with: "%")
    }
}

public struct SSHTokenError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
