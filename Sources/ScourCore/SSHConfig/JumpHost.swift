/// One hop of a bastion chain, as OpenSSH's `-J` and `ProxyJump` write it:
/// `[user@]host[:port]`, an IPv6 address in brackets (`[2001:db8::1]:2222`), or an
/// `ssh://[user@]host[:port]` URI.
public struct JumpHost: Sendable, Hashable, CustomStringConvertible {
    public var user: String?
    public var host: String
    public var port: Int?

    public init(user: String? = nil, host: String, port: Int? = nil) {
        self.user = user
        self.host = host
        self.port = port
    }

    public var description: String {
        let address = host.contains(":") ? "[\(host)]" : host
        return (user.map { "\($0)@" } ?? "") + address + (port.map { ":\($0)" } ?? "")
    }

    /// A malformed hop; `message` says which and why.
    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// A comma-separated chain, first hop first: `bastion1,ops@bastion2:2222`.
    public static func parseChain(_ text: String) throws(SyntaxError) -> [JumpHost] {
        let hops = text.split(separator: ",", omittingEmptySubsequences: false)
        var chain: [JumpHost] = []
        for hop in hops {
            chain.append(try parse(hop.trimmingSpaces()))
        }
        return chain
    }

    /// One hop.
    public static func parse(_ text: String) throws(SyntaxError) -> JumpHost {
        var rest = Substring(text)
        if rest.hasPrefix("ssh://") { rest = rest.dropFirst("ssh://".count) }
        guard !rest.isEmpty else { throw SyntaxError(message: "an empty jump host in '\(text)'") }
        var user: String?
        if let at = rest.lastIndex(of: "@") {
            user = String(rest[..<at])
            rest = rest[rest.index(after: at)...]
            guard user?.isEmpty == false else { throw SyntaxError(message: "an empty user name in jump host '\(text)'") }
        }
        let host: Substring
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw SyntaxError(message: "an unclosed '[' in jump host '\(text)'") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw SyntaxError(message: "unexpected '\(after)' after ']' in jump host '\(text)'") }
                portText = after.dropFirst()
            }
        } else if rest.filter({ $0 == ":" }).count == 1, let colon = rest.firstIndex(of: ":") {
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        } else {
            host = rest  // a name, or a bare IPv6 address (no port possible without brackets)
        }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "\t" || $0 == "/" }) else {
            throw SyntaxError(message: "'\(host)' is not a host name in jump host '\(text)'")
        }
        var port: Int?
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw SyntaxError(message: "port '\(portText)' of jump host '\(text)' must be a number from 1 to 65535")
            }
            port = number
        }
        return JumpHost(user: user, host: String(host), port: port)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
