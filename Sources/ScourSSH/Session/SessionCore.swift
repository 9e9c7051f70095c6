import CLibSSH2
import Foundation
import Logging
import ScourTransport

/// The libssh2 session and its socket. Used only on the session's own `SessionThread`, so it
/// needs no locks; `SSHSession` is the thread-safe face of it.
final class SessionCore: @unchecked Sendable {
    let target: SSHTarget
    private(set) var socket: Int32 = -1
    private(set) var session: OpaquePointer?
    /// Set once the connection is known to be dead; later calls fail fast instead of hanging.
    /// Read from other threads too (`isOpen`), hence the lock.
    private var broken: SSHError? {
        get { brokenLock.withLock { brokenValue } }
        set { brokenLock.withLock { brokenValue = newValue } }
    }
    private var brokenValue: SSHError?
    private let brokenLock = NSLock()

    /// False once the session is closed, lost or abandoned: the next use must reconnect.
    var isOpen: Bool { broken == nil }

    /// The shell `converse` keeps running on a channel of its own, and the command it runs.
    var shell: (channel: OpaquePointer, command: String)?
    /// What every answer read on this session is charged to (`SSHClientOptions.answerBudget`).
    private(set) var answerBudget: AnswerBudget?

    init(target: SSHTarget) {
        self.target = target
    }

    // MARK: Connect

    /// Connects within `deadline` (else `options.connectTimeout` from now), over `stream` when
    /// given — one end of a socketpair a jump host's tunnel feeds, which the session then owns —
    /// else over a new TCP connection.
    func connect(options: SSHClientOptions, logger: Logger, deadline: ContinuousClock.Instant? = nil, over stream: Int32? = nil) throws {
        guard LibSSH2.initialized else {
            if let stream { Glibc.close(stream) }
            throw SSHError(kind: .protocolFailure, host: target.host, message: "libssh2 failed to initialise")
        }
        let deadline = deadline ?? ContinuousClock.now + options.connectTimeout
        answerBudget = options.answerBudget
        socket = try stream ?? TCPConnection.open(host: target.host, port: target.port, deadline: deadline)
        guard let session = libssh2_session_init_ex(nil, nil, nil, nil) else {
            throw SSHError(kind: .protocolFailure, host: target.host, message: "cannot create an SSH session")
        }
        self.session = session
        libssh2_session_set_blocking(session, 1)
        setTimeout(until: deadline)
        let verifier = HostKeyVerifier(file: KnownHostsFile(path: options.knownHostsFile), policy: options.hostKeyPolicy, target: target)
        libssh2_session_method_pref(session, LIBSSH2_METHOD_HOSTKEY, verifier.algorithmPreference)
        let handshake = libssh2_session_handshake(session, socket)
        guard handshake == 0 else { throw failure(handshake, doing: "key exchange") }
        guard let key = HostKey(session: session) else {
            throw SSHError(kind: .protocolFailure, host: target.host, message: "the server sent no host key")
        }
        try verifier.verify(key, session: session)
        setTimeout(until: deadline)
        try Authenticator(session: session, target: target).authenticate(with: options.identities)
        libssh2_session_set_timeout(session, 0)
        logger.debug("connected", metadata: ["target": "\(target)", "hostkey": "\(key.typeName) \(key.fingerprint)"])
    }

    // MARK: Exec

    /// Runs `command`, feeding `stdin`, until it exits or `timeout` passes, keeping each output
    /// stream under its limit.
    ///
    /// The data phase runs the session non-blocking and polls the socket: stdout and stderr are
    /// drained in turn (a full stderr window would otherwise stall stdout), and stdin is written
    /// only as the remote side takes it, so a command that talks while reading its input cannot
    /// deadlock against us. Setup and teardown stay in blocking mode, libssh2's reliable path.
    /// A command past its timeout or its fail-mode limit is abandoned with the whole session
    /// (see `abandon`): a graceful channel close would wait for the command to end. With `sudo`,
    /// the shell it starts is let in (`admit`) before anything is sent.
    func exec(
        _ command: String, sudo: SudoHandshake?, stdin: [UInt8]?, timeout: Duration?, stdoutLimit: OutputLimit, stderrLimit: OutputLimit
    ) throws -> ExecResult {
        let session = try liveSession()
        let deadline = timeout.map { ContinuousClock.now + $0 }
        libssh2_session_set_timeout(session, 30_000)
        guard let channel = libssh2_channel_open_ex(session, "session", 7, 2 * 1024 * 1024, 32_768, nil, 0) else {
            throw failure(LibSSH2.lastError(session).code, doing: "opening a channel")
        }
        defer { libssh2_channel_free(channel) }
        let started = libssh2_channel_process_startup(channel, "exec", 4, command, UInt32(command.utf8.count))
        guard started == 0 else { throw failure(started, doing: "starting the command") }

        var stdout = BoundedOutput(limit: stdoutLimit), stderr = BoundedOutput(limit: stderrLimit)
        let charge = newCharge(stdoutLimit, stderrLimit)
        libssh2_session_set_blocking(session, 0)
        defer { libssh2_session_set_blocking(session, 1) }
        if let sudo { try admit(channel, through: sudo, deadline: deadline) }
        var input = stdin ?? [], written = 0, eofSent = false
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            var progressed = false
            if written < input.count {
                try send(input, from: &written, on: channel, progressed: &progressed)
            } else if !eofSent {
                let status = libssh2_channel_send_eof(channel)
                if status == 0 { eofSent = true; input = [] } else if status != LIBSSH2_ERROR_EAGAIN {
                    throw failure(status, doing: "closing standard input")
                }
            }
            let outDone = try drain(channel, stream: 0, into: &stdout, charge: charge, buffer: &buffer, progressed: &progressed)
            let errDone = try drain(channel, stream: SSH_EXTENDED_DATA_STDERR, into: &stderr, charge: charge, buffer: &buffer,
                                    progressed: &progressed)
            if outDone && errDone && libssh2_channel_eof(channel) == 1 { break }
            // Checked even while output flows: endless output kept as a tail must still time out.
            if let deadline, ContinuousClock.now >= deadline + (charge?.waited ?? .zero) {
                throw abandon(SSHError(kind: .commandTimedOut, host: target.host,
                                       message: "command still running after \(timeout!) — abandoned (it may go on running on the host)"))
            }
            if progressed { continue }
            try waitForSocket(session, until: deadline)
        }
        libssh2_session_set_blocking(session, 1)
        _ = libssh2_channel_close(channel)
        _ = libssh2_channel_wait_closed(channel)
        charge?.settle()
        return ExecResult(stdout: stdout.bytes, stderr: stderr.bytes, exit: exitStatus(channel),
                          stdoutDropped: stdout.dropped, stderrDropped: stderr.dropped, charge: charge)
    }

    /// Reads what is available on one stream; true when the stream has nothing more right now
    /// because it reached its end (0), false on EAGAIN. Past a fail-mode limit the command is
    /// abandoned and `answerTooLarge` thrown.
    private func drain(
        _ channel: OpaquePointer, stream: Int32, into output: inout BoundedOutput, charge: AnswerCharge?, buffer: inout [UInt8],
        progressed: inout Bool
    ) throws -> Bool {
        try read(channel, stream: stream, buffer: &buffer, progressed: &progressed) { chunk in
            guard output.append(chunk) else { throw tooLarge(output.limit, stream: stream) }
            try hold(output.heldCount, on: stream, in: charge)
            return true
        }
    }

    /// A charge for one answer whose streams are capped at `limits`; nil without a budget.
    func newCharge(_ limits: OutputLimit...) -> AnswerCharge? {
        answerBudget.map { AnswerCharge(budget: $0, owner: "\(target)", caps: limits.reduce(0) { $0 + $1.bytes }) }
    }

    /// Charges what `stream` holds now; past what the budget lets one answer hold, the command
    /// is abandoned as too large.
    func hold(_ bytes: Int, on stream: Int32, in charge: AnswerCharge?) throws {
        do throws(AnswerCharge.Exceeded) { try charge?.hold(bytes, on: stream) } catch {
            throw abandon(SSHError(kind: .answerTooLarge, host: target.host, message: "answer too large: \(error) — command abandoned"))
        }
    }

    /// Writes what the channel takes now of `input` from `written` on (at most 32 KiB).
    func send(_ input: [UInt8], from written: inout Int, on channel: OpaquePointer, progressed: inout Bool) throws {
        let n = input[written...].withUnsafeBufferPointer { chunk in
            chunk.withMemoryRebound(to: CChar.self) {
                libssh2_channel_write_ex(channel, 0, $0.baseAddress, min($0.count, 32 * 1024))
            }
        }
        if n > 0 { written += n; progressed = true } else if n != Int(LIBSSH2_ERROR_EAGAIN) {
            throw failure(Int32(n), doing: "sending standard input")
        }
    }

    /// Reads what is available on one stream, handing each chunk to `take` until it returns
    /// false (wants no more now) or `budget` bytes were read. True when the stream reached its
    /// end (0), false on EAGAIN, when `take` stopped or the budget was spent.
    ///
    /// The budget is one turn's: a stream that never runs dry (each read widens the window
    /// again, and a flood refills it faster than a loaded client reads — 64 MB in one call
    /// was seen) must still let the caller read the other stream and check its deadline.
    func read(
        _ channel: OpaquePointer, stream: Int32, buffer: inout [UInt8], progressed: inout Bool,
        budget: Int = turnBudget, take: (ArraySlice<UInt8>) throws -> Bool
    ) throws -> Bool {
        var spent = 0
        while spent < budget {
            let n = buffer.withUnsafeMutableBufferPointer { raw in
                raw.withMemoryRebound(to: CChar.self) { libssh2_channel_read_ex(channel, stream, $0.baseAddress, $0.count) }
            }
            if n > 0 {
                progressed = true
                spent += n
                guard try take(buffer[0..<n]) else { return false }
            } else if n == 0 {
                return true
            } else if n == Int(LIBSSH2_ERROR_EAGAIN) || n == -39 /* BAD_USE: a pending write must finish first */ {
                return false
            } else {
                throw failure(Int32(n), doing: "reading the command's output")
            }
        }
        return false
    }

    /// The most one stream is read in one turn of a data loop before the other is served.
    static let turnBudget = 256 << 10

    /// `answerTooLarge` for a stream past its fail-mode `limit`, the session abandoned.
    func tooLarge(_ limit: OutputLimit, stream: Int32) -> SSHError {
        let name = stream == 0 ? "standard output" : "standard error"
        return abandon(SSHError(kind: .answerTooLarge, host: target.host,
                                message: "answer larger than \(ByteCount.text(limit.bytes)) on \(name) — command abandoned"))
    }

    func waitForSocket(_ session: OpaquePointer, until deadline: ContinuousClock.Instant?) throws {
        let directions = libssh2_session_block_directions(session)
        var events: Int16 = 0
        if directions & LIBSSH2_SESSION_BLOCK_INBOUND != 0 { events |= Int16(POLLIN) }
        if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
        if events == 0 { events = Int16(POLLIN) }
        var poller = pollfd(fd: socket, events: events, revents: 0)
        let wait = deadline.map { min(($0 - ContinuousClock.now).clampedMilliseconds, 1000) } ?? 1000
        _ = poll(&poller, 1, Int32(max(wait, 1)))
    }

    func exitStatus(_ channel: OpaquePointer) -> ExitStatus {
        var signal: UnsafeMutablePointer<CChar>?
        var signalLength = 0
        _ = libssh2_channel_get_exit_signal(channel, &signal, &signalLength, nil, nil, nil, nil)
        if let signal {
            defer { free(signal) }
            return .signal(String(cString: signal))
        }
        return .code(libssh2_channel_get_exit_status(channel))
    }

    // MARK: SFTP

    /// Writes `localFile` to `temporaryPath` over SFTP and fsyncs it; returns the byte count.
    /// Missing folders on the way are created (mode 700) in the same SFTP session, which saves
    /// the round trip and the shell of a `mkdir -p`.
    func sftpWrite(localFile: String, to temporaryPath: String, permissions: Int32) throws -> Int {
        let session = try liveSession()
        guard let file = FileHandle(forReadingAtPath: localFile) else {
            throw SSHError(kind: .localFile, host: target.host, message: "cannot read \(localFile)")
        }
        defer { try? file.close() }
        libssh2_session_set_timeout(session, 60_000)
        defer { libssh2_session_set_timeout(session, 0) }
        guard let sftp = libssh2_sftp_init(session) else { throw failure(LibSSH2.lastError(session).code, doing: "starting SFTP") }
        defer { libssh2_sftp_shutdown(sftp) }
        let flags = UInt(LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC)
        func open() -> OpaquePointer? {
            libssh2_sftp_open_ex(sftp, temporaryPath, UInt32(temporaryPath.utf8.count), flags, Int(permissions), LIBSSH2_SFTP_OPENFILE)
        }
        var opened = open()
        if opened == nil, libssh2_sftp_last_error(sftp) == UInt(LIBSSH2_FX_NO_SUCH_FILE) {
            makeFolders(above: temporaryPath, sftp: sftp)
            opened = open()
        }
        guard let handle = opened else {
            throw SSHError(kind: .sftpFailure, host: target.host, message: "cannot create \(temporaryPath): \(sftpError(sftp))")
        }
        var total = 0
        var closed = false
        defer { if !closed { libssh2_sftp_close_handle(handle) } }
        while true {
            let chunk = file.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            var offset = 0
            while offset < chunk.count {
                let n = chunk.withUnsafeBytes { raw in
                    libssh2_sftp_write(handle, raw.baseAddress!.assumingMemoryBound(to: CChar.self) + offset, chunk.count - offset)
                }
                guard n > 0 else {
                    throw SSHError(kind: .sftpFailure, host: target.host, message: "writing \(temporaryPath) failed: \(sftpError(sftp))")
                }
                offset += n
            }
            total += chunk.count
        }
        guard libssh2_sftp_fsync(handle) == 0 else {
            throw SSHError(kind: .sftpFailure, host: target.host, message: "fsync of \(temporaryPath) failed: \(sftpError(sftp))")
        }
        closed = true
        guard libssh2_sftp_close_handle(handle) == 0 else {
            throw SSHError(kind: .sftpFailure, host: target.host, message: "closing \(temporaryPath) failed: \(sftpError(sftp))")
        }
        return total
    }

    /// `mkdir -p` of the folders above `path` over SFTP. Failures are not reported here: the
    /// open that follows fails with the reason if a folder is still missing.
    private func makeFolders(above path: String, sftp: OpaquePointer) {
        var prefix = ""
        for component in path.split(separator: "/").dropLast() {
            prefix += "/" + component
            _ = libssh2_sftp_mkdir_ex(sftp, prefix, UInt32(prefix.utf8.count), 0o700)
        }
    }

    private func sftpError(_ sftp: OpaquePointer) -> String {
        let code = libssh2_sftp_last_error(sftp)
        let names: [UInt: String] = [2: "no such file or folder", 3: "permission denied", 4: "failure (disk full?)", 14: "no space on file system", 15: "quota exceeded"]
        return names[code] ?? (code == 0 ? LibSSH2.lastError(session).message : "SFTP status \(code)")
    }

    // MARK: Keepalive and close

    /// Sends one SSH keepalive; called by the idle thread only (`SessionThread.onIdle`).
    ///
    /// libssh2's own keepalive stays unconfigured: 1.10 sends it from inside every blocking call
    /// that waits on the socket (`_libssh2_wait_socket`), in the middle of that call's packet.
    /// If the call's packet is half sent (the socket full: a busy link, or a jump tunnel whose
    /// pump is starved of CPU) the keepalive is refused as BAD_USE and the call fails with
    /// "Unable to send keepalive message"; if the keepalive itself is half sent, the call's next
    /// send is refused. So it is enabled here for one send, on an idle session, and only when
    /// the socket has room for the whole packet; a keepalive left half sent all the same would
    /// fail the next call, so the session is then given up (transient: the caller reconnects).
    func sendKeepalive() {
        guard let session, broken == nil else { return }
        var room = pollfd(fd: socket, events: Int16(POLLOUT), revents: 0)
        guard poll(&room, 1, 0) == 1, room.revents & Int16(POLLOUT) != 0 else { return }  // busy: its traffic is proof of life
        libssh2_keepalive_config(session, 1, 2)  // due now: the thread was idle for longer
        var next: Int32 = 0
        let status = libssh2_keepalive_send(session, &next)
        libssh2_keepalive_config(session, 1, 0)
        if status != 0 || libssh2_session_block_directions(session) & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 {
            broken = SSHError(kind: .disconnected, host: target.host, message: "connection lost (keepalive failed)")
            if socket >= 0 { shutdown(socket, Int32(SHUT_RDWR)) }
        }
    }

    /// Ends the session without ever waiting on a dead peer: a short deadline for the polite
    /// goodbye, then the socket is shut down before libssh2 frees its state.
    func close() {
        if let session {
            if broken == nil {
                libssh2_session_set_timeout(session, 1_000)
                libssh2_session_disconnect_ex(session, SSH_DISCONNECT_BY_APPLICATION, "closed by scour", "")
            }
            if socket >= 0 { shutdown(socket, Int32(SHUT_RDWR)) }
            shell = nil  // freed with the session
            libssh2_session_free(session)
            self.session = nil
        }
        if socket >= 0 { Glibc.close(socket) }
        socket = -1
        if broken == nil { broken = SSHError(kind: .disconnected, host: target.host, message: "session closed") }
    }

    /// Gives the whole session up at once, for a command that must not be waited for (past its
    /// timeout or its output limit): the socket is shut down, so nothing after this — freeing
    /// the channel, `close` — waits on the peer, and the session is marked dead, so the next
    /// use fails fast with a transient error and the caller reconnects. Returns `error`.
    func abandon(_ error: SSHError) -> SSHError {
        broken = SSHError(kind: .disconnected, host: target.host, message: "session abandoned: \(error.message)")
        if socket >= 0 { shutdown(socket, Int32(SHUT_RDWR)) }
        return error
    }

    /// Marks the session dead after a failure found outside it (its jump session saw the
    /// connection go): the socket is shut down and every later call fails with `error`.
    func markLost(_ error: SSHError) {
        if broken == nil { broken = error }
        if socket >= 0 { shutdown(socket, Int32(SHUT_RDWR)) }
    }

    // MARK: Helpers

    func liveSession() throws -> OpaquePointer {
        if let broken { throw broken }
        guard let session else { throw SSHError(kind: .disconnected, host: target.host, message: "not connected") }
        return session
    }

    private func setTimeout(until deadline: ContinuousClock.Instant) {
        libssh2_session_set_timeout(session, max(1, (deadline - ContinuousClock.now).clampedMilliseconds))
    }

    /// An error from libssh2 status `code`; a lost connection marks the session broken.
    func failure(_ code: Int32, doing what: String) -> SSHError {
        let kind = LibSSH2.kind(of: code)
        let detail = LibSSH2.lastError(session).message
        let message = kind == .timedOut ? "timed out during \(what)" : "\(what) failed: \(detail)"
        let error = SSHError(kind: kind, host: target.host, message: message)
        if kind == .disconnected || kind == .timedOut { broken = error }
        return error
    }
}
