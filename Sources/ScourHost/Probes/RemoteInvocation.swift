/// What to execute on a host: a constant command line, and the data to feed it on stdin.
///
/// Probes keep every playbook value out of `command`, which a remote login shell (sh, or
/// cmd.exe on Windows) parses; the values travel inside `stdin`, where only the interpreter
/// the command names reads them, as quoted literals.
public struct RemoteInvocation: Sendable, Equatable {
    public var command: String
    public var stdin: [UInt8]?

    public init(command: String, stdin: [UInt8]?) {
        self.command = command
        self.stdin = stdin
    }
}
