/// Where to log in: an address (name or IP), a port and a user.
public struct SSHTarget: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String

    public init(host: String, port: Int = 22, user: String) {
        self.host = host
        self.port = port
        self.user = user
    }

    /// `user@host` or `user@host:port`.
    public var description: String { port == 22 ? "\(user)@\(host)" : "\(user)@\(host):\(port)" }

    /// The name known_hosts records this host under: `host`, or `[host]:port` off port 22.
    var knownHostsName: String { port == 22 ? host : "[\(host)]:\(port)" }
}
