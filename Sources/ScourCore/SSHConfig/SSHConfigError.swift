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
public struct SSHConfigError: Error, Sendable, CustomStringConvertible {
    public var location: SSHConfigLocation?
    /// The file, when the error is about a whole file (unreadable, missing).
    public var path: String
    public var message: String

    init(_ location: SSHConfigLocation, _ message: String) {
        self.location = location
        self.path = location.path
        self.message = message
    }

    init(path: String, _ message: String) {
        self.location = nil
        self.path = path
        self.message = message
    }

    public var description: String { "\(location?.description ?? path): error: \(message)" }
}
