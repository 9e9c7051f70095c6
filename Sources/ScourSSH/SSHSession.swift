import Foundation
import Logging
import ScourTransport

/// An authenticated SSH connection to one host, safe to use from any task.
///
/// Concurrency design: every libssh2 call of a session runs on the session's own OS thread
/// (`SessionThread`), in blocking mode, one call at a time; callers `await` the result on a
/// continuation, so Swift's cooperative thread pool never blocks however many sessions are busy.
/// Different sessions run fully in parallel. See docs/architecture.md, "Transport concurrency".
public final class SSHSession: Sendable {
    public let target: SSHTarget
    private let core: SessionCore
    private let thread: SessionThread
    private let logger: Logger
    /// The jump session this one's connection rides on, given back when it closes.
    private let jump: (pool: JumpPool, lease: JumpPool.Lease)?

    private init(target: SSHTarget, core: SessionCore, thread: SessionThread, logger: Logger, jump: (JumpPool, JumpPool.Lease)? = nil) {
        self.target = target
        self.core = core
        self.thread = thread
        self.logger = logger
        self.jump = jump
    }

    /// Connects, verifies the host key under `options.hostKeyPolicy` and logs in, all within
    /// `options.connectTimeout`.
    public static func connect(to target: SSHTarget, options: SSHClientOptions, logger: Logger) async throws -> SSHSession {
        let core = SessionCore(target: target)
        let thread = SessionThread(name: "ssh \(target.host)", idleInterval: options.keepaliveInterval) {
            core.sendKeepalive()
        }
        do {
            try await thread.run { try core.connect(options: options, logger: logger) }
        } catch {
            await closeCore(core, thread: thread)
            throw error
        }
        return SSHSession(target: target, core: core, thread: thread, logger: logger)
    }

    /// Connects to `target` through the bastions `jumps` (first hop first; none: directly):
    /// the last bastion opens a `direct-tcpip` channel to the target, and this session runs
    /// over it (see `JumpSession`). Bastions are shared through `pool`: hosts behind the same
    /// chain ride one session to it. Every hop's host key and the target's are checked against
    /// known_hosts under the same policy, each under its own name. `options.connectTimeout`
    /// bounds each hop's connection, the channel open and the target's own, each counted from
    /// when its thread starts on it (see `JumpPool`). A bastion that cannot be reached fails
    /// with its own error kind (transient for refused, timed out, unreachable), naming it.
    public static func connect(
        to target: SSHTarget, through jumps: [SSHTarget], pool: JumpPool, options: SSHClientOptions, logger: Logger
    ) async throws -> SSHSession {
        guard !jumps.isEmpty else { return try await connect(to: target, options: options, logger: logger) }
        let route = jumps.map(\.description).joined(separator: " → ")
        let lease: JumpPool.Lease
        let stream: Int32
        do {
            (lease, stream) = try await pool.tunnel(through: jumps, to: target.host, port: target.port, options: options,
                                                    logger: logger)
        } catch let failure as JumpPool.BastionFailure {
            let error = failure.error
            throw SSHError(kind: error.kind, host: target.host, message: "through the bastion \(route): \(error.message)")
        }
        let core = SessionCore(target: target)
        let thread = SessionThread(name: "ssh \(target.host)", idleInterval: options.keepaliveInterval) {
            core.sendKeepalive()
        }
        do {
            try await thread.run { try core.connect(options: options, logger: logger, over: stream) }
        } catch {
            await closeCore(core, thread: thread)
            await pool.release(lease)
            throw error
        }
        return SSHSession(target: target, core: core, thread: thread, logger: logger, jump: (pool, lease))
    }

    /// Runs `command` through the remote user's shell. `stdin`, if given, is fed to it and then
    /// closed (a script for `sh -s`). Each output stream is kept under its limit (past a
    /// fail-mode limit: `answerTooLarge`). After `timeout` (`commandTimedOut`) or past a
    /// fail-mode limit the command is abandoned at once, and the session with it: `isOpen`
    /// turns false and the next call fails with a transient `disconnected`. With `sudo`, the
    /// command is a sudo that starts a shell, let in first (`SudoHandshake`): its password sent
    /// only at its own prompt, nothing else before the shell is ready; `SudoRefusal` if not.
    public func exec(
        _ command: String, sudo: SudoHandshake? = nil, stdin: [UInt8]? = nil, timeout: Duration? = nil,
        stdoutLimit: OutputLimit = .standard, stderrLimit: OutputLimit = .standard
    ) async throws -> ExecResult {
        let core = self.core
        let result = try await thread.run {
            try core.exec(command, sudo: sudo, stdin: stdin, timeout: timeout, stdoutLimit: stdoutLimit, stderrLimit: stderrLimit)
        }
        logger.trace("exec", metadata: ["command": "\(command)", "exit": "\(result.exit)"])
        return result
    }

    /// Runs one script in a shell this session keeps running across calls: `command` is
    /// started on a channel of its own on first use (and again after it ended), let in by
    /// `sudo` as `exec` does; each call writes `request` to its stdin and reads the answer, which
    /// the request must end by making the shell print `\n<marker> <status>\n` on stdout and
    /// `\n<marker>\n` on stderr (a fresh `marker` each call; `HostShell` frames scripts so).
    /// One process start for many scripts: what keeps `sudo` to once a host. Limits, timeout and
    /// abandoning are `exec`'s; a shell that ends before the end lines is `.shellEnded`.
    public func converse(
        with command: String, sudo: SudoHandshake?, request: [UInt8], marker: String, timeout: Duration?,
        stdoutLimit: OutputLimit, stderrLimit: OutputLimit
    ) async throws -> ShellAnswer {
        let core = self.core
        let answer = try await thread.run {
            try core.converse(command, sudo: sudo, request: request, marker: marker, timeout: timeout,
                              stdoutLimit: stdoutLimit, stderrLimit: stderrLimit)
        }
        logger.trace("converse", metadata: ["command": "\(command)", "marker": "\(marker)"])
        return answer
    }

    /// False once the session was closed, lost or abandoned: a new one must be connected.
    public var isOpen: Bool { core.isOpen }

    /// Writes `localFile` to exactly `remotePath` over SFTP and fsyncs it — no rename, so the
    /// caller decides how it goes into place (the executor renames with the platform's own
    /// tools, on linux and windows alike). Returns the number of bytes written.
    @discardableResult
    public func write(localFile: String, to remotePath: String, permissions: Int32 = 0o600) async throws -> Int {
        let core = self.core
        return try await thread.run { try core.sftpWrite(localFile: localFile, to: remotePath, permissions: permissions) }
    }

    /// Ends the session. Returns promptly even if the host stopped answering.
    public func close() async {
        await Self.closeCore(core, thread: thread)
        if let jump { await jump.pool.release(jump.lease) }
    }

    private static func closeCore(_ core: SessionCore, thread: SessionThread) async {
        _ = try? await thread.run { core.close() }
        thread.stop()
    }
}
