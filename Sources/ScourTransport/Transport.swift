/// What a connection to a host offers the engine: run a command, write a file, close. The
/// libssh2 session implements it directly (`SSHSession`, in ScourSSH); a session reached through a jump
/// host is one too, and so could a local or WinRM connection be. Everything above — probes,
/// actions, reboots, restore — speaks to a host through this alone.
public protocol Transport: AnyObject, Sendable {
    /// False once the connection was closed, lost or abandoned: a new one must be opened.
    var isOpen: Bool { get }

    /// Runs `command`, feeding `stdin` (then closing it); each output stream is kept under its
    /// limit; past `timeout` the command — and the connection — is abandoned. With `sudo`, the
    /// command is a sudo that starts a shell: nothing is sent before that shell says it is ready
    /// (`SudoHandshake`; `SudoRefusal` when it does not).
    func exec(
        _ command: String, sudo: SudoHandshake?, stdin: [UInt8]?, timeout: Duration?, stdoutLimit: OutputLimit, stderrLimit: OutputLimit
    ) async throws -> ExecResult

    /// Runs one script in a shell kept running on the connection across calls, as
    /// `SSHSession.converse` does: `command` started on first use (let in by `sudo` when given,
    /// as `exec` does), `request` framed by `HostShell.request` so the answer ends at `marker`.
    func converse(
        with command: String, sudo: SudoHandshake?, request: [UInt8], marker: String, timeout: Duration?,
        stdoutLimit: OutputLimit, stderrLimit: OutputLimit
    ) async throws -> ShellAnswer

    /// Writes `localFile` to exactly `remotePath` and makes it durable; the caller moves it
    /// into place. Returns the bytes written.
    @discardableResult
    func write(localFile: String, to remotePath: String, permissions: Int32) async throws -> Int

    /// Ends the connection, promptly even if the host stopped answering.
    func close() async
}

extension Transport {
    /// `exec` with the standard limits (fail past 16 MiB a stream).
    public func exec(
        _ command: String, sudo: SudoHandshake? = nil, stdin: [UInt8]? = nil, timeout: Duration? = nil
    ) async throws -> ExecResult {
        try await exec(command, sudo: sudo, stdin: stdin, timeout: timeout, stdoutLimit: .standard, stderrLimit: .standard)
    }

    /// `exec` of a command that is not a sudo.
    public func exec(
        _ command: String, stdin: [UInt8]?, timeout: Duration?, stdoutLimit: OutputLimit, stderrLimit: OutputLimit
    ) async throws -> ExecResult {
        try await exec(command, sudo: nil, stdin: stdin, timeout: timeout, stdoutLimit: stdoutLimit, stderrLimit: stderrLimit)
    }
}
