/// A place in an ssh_config file: `~/.ssh/config:12`.
public struct SSHConfigLocation: Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var line: Int

    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }

    public var description: String { "\(path):\(line)" }
}

/// A malformed ssh_config line, or a value that cannot be used: `config:12: error: …`.
public struct SSHConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SSHConfigLocation?
    /// The file, when the error is about a whole file (unreadable, missing).
    public var path: String
    public var message: String
    /// True when ssh would read the file but Scour deliberately does not follow it there
    /// (`Match exec`, `Match final`, `CanonicalizeHostname`, tokens it does not expand):
    /// docs/ssh-config.md lists each. False for a file ssh refuses too.
    public var isDeliberateRefusal: Bool
    /// The bastion whose own ssh_config settings were refused, when it is one on the way
    /// rather than the host itself (ssh would fail there only once it dials the bastion).
    public var bastion: String?

    init(_ location: SSHConfigLocation, _ message: String, refused: Bool = false) {
        self.location = location
        self.path = location.path
        self.message = message
        self.isDeliberateRefusal = refused
    }

    init(path: String, _ message: String) {
        self.location = nil
        self.path = path
        self.message = message
        self.isDeliberateRefusal = false
    }

    public var description: String {
        "\(location?.description ?? path): error: " + (bastion.map { "bastion \($0): " } ?? "") + message
    }
}
