import CLibSSH2
import ScourTransport

extension SessionCore {
    /// Sends `request` to the shell running `command` on a channel kept open across calls —
    /// started on first use, and again after it ended, and let in by `sudo` when given —
    /// and reads the answer up to the end lines the request makes the shell print
    /// (`AnswerStream`). Output the channel carried before the request (a process a previous
    /// script left holding it) is read and dropped first. The data phase is `exec`'s: non-blocking,
    /// stdout and stderr drained in turn, stdin written as the host takes it; past `timeout`, a
    /// fail-mode limit or an end line that is not one, the session is abandoned with the shell.
    func converse(
        _ command: String, sudo: SudoHandshake?, request: [UInt8], marker: String, timeout: Duration?,
        stdoutLimit: OutputLimit, stderrLimit: OutputLimit
    ) throws -> ShellAnswer {
        let session = try liveSession()
        let deadline = timeout.map { ContinuousClock.now + $0 }
        if let shell, shell.command != command { endShell(shell.channel) }
        let kept = shell != nil
        var started: OpaquePointer?
        if !kept { started = try startShell(command, session: session) }
        libssh2_session_set_blocking(session, 0)
        defer { libssh2_session_set_blocking(session, 1) }
        if let started {
            if let sudo {
                do { try admit(started, through: sudo, deadline: deadline) } catch {
                    libssh2_channel_free(started)
                    throw error
                }
            }
            shell = (started, command)
        }
        let channel = shell!.channel
        var stdout = AnswerStream(marker: marker, ending: .status, limit: stdoutLimit)
        var stderr = AnswerStream(marker: marker, ending: .bare, limit: stderrLimit)
        let charge = newCharge(stdoutLimit, stderrLimit)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var written = 0
        // Left over from before this request, on a kept shell: what is there now, up to a bound.
        // The channel's window usually ends this sooner (a flooding host must wait for our window
        // adjust), but no deadline runs here, so nothing the host does may keep it going; the
        // rest counts against this request's limits and timeout. A shell started just now has
        // nothing left over: what sudo said before the shell was ready was read by `admit`.
        var ignored = false, dropped = 0
        for stream in [0, SSH_EXTENDED_DATA_STDERR] where kept {
            _ = try read(channel, stream: stream, buffer: &buffer, progressed: &ignored, budget: Self.leftoverBound) { chunk in
                dropped += chunk.count
                return dropped < Self.leftoverBound
            }
        }
        while true {
            var progressed = false
            if written < request.count { try send(request, from: &written, on: channel, progressed: &progressed) }
            let outEnded = try take(channel, stream: 0, into: &stdout, charge: charge, buffer: &buffer, progressed: &progressed)
            let errEnded = try take(channel, stream: SSH_EXTENDED_DATA_STDERR, into: &stderr, charge: charge, buffer: &buffer,
                                    progressed: &progressed)
            if stdout.isComplete && stderr.isComplete {
                charge?.settle()
                return .answered(ExecResult(stdout: stdout.output.bytes, stderr: stderr.output.bytes, exit: .code(stdout.status!),
                                            stdoutDropped: stdout.output.dropped, stderrDropped: stderr.output.dropped, charge: charge))
            }
            // The shell ended without both end lines (one stream's may have come: it is no
            // longer read, and the channel's end stands for its end).
            if outEnded || stdout.isComplete, errEnded || stderr.isComplete, libssh2_channel_eof(channel) == 1 {
                try finish(&stdout, stream: 0)
                try finish(&stderr, stream: SSH_EXTENDED_DATA_STDERR)
                libssh2_session_set_blocking(session, 1)
                let exit = endShell(channel)
                charge?.settle()
                return .shellEnded(ExecResult(stdout: stdout.output.bytes, stderr: stderr.output.bytes, exit: exit,
                                              stdoutDropped: stdout.output.dropped, stderrDropped: stderr.output.dropped, charge: charge))
            }
            if let deadline, ContinuousClock.now >= deadline + (charge?.waited ?? .zero) {
                throw abandon(SSHError(kind: .commandTimedOut, host: target.host,
                                       message: "script still running after \(timeout!) — abandoned with its shell (it may go on running on the host)"))
            }
            if progressed { continue }
            try waitForSocket(session, until: deadline)
        }
    }

    /// The most output left over from earlier requests that is dropped before a new one.
    static let leftoverBound = 1 << 20

    private func startShell(_ command: String, session: OpaquePointer) throws -> OpaquePointer {
        libssh2_session_set_timeout(session, 30_000)
        defer { libssh2_session_set_timeout(session, 0) }
        guard let channel = libssh2_channel_open_ex(session, "session", 7, 2 * 1024 * 1024, 32_768, nil, 0) else {
            throw failure(LibSSH2.lastError(session).code, doing: "opening a channel")
        }
        let started = libssh2_channel_process_startup(channel, "exec", 4, command, UInt32(command.utf8.count))
        guard started == 0 else {
            libssh2_channel_free(channel)
            throw failure(started, doing: "starting the shell")
        }
        return channel
    }

    /// Reads one stream of the answer into `answer`; true when the stream ended. Past a
    /// fail-mode limit or on a malformed end line the session is abandoned.
    ///
    /// Once `answer` is complete, what follows its end line is still read, and dropped, while
    /// the other stream's end line is awaited: both streams share the channel's window, which
    /// libssh2 widens only as the application reads, so a writer that never stops (a process
    /// the script left behind, a hostile host) would otherwise fill it with output nobody reads
    /// and hold the other end line back until the timeout.
    private func take(
        _ channel: OpaquePointer, stream: Int32, into answer: inout AnswerStream, charge: AnswerCharge?, buffer: inout [UInt8],
        progressed: inout Bool
    ) throws -> Bool {
        if answer.isComplete { return try read(channel, stream: stream, buffer: &buffer, progressed: &progressed) { _ in true } }
        return try read(channel, stream: stream, buffer: &buffer, progressed: &progressed) { chunk in
            do throws(AnswerStream.Failure) {
                try answer.consume(chunk)
            } catch .tooLarge {
                throw tooLarge(answer.output.limit, stream: stream)
            } catch .malformedStatus {
                throw abandon(SSHError(kind: .protocolFailure, host: target.host,
                                       message: "the shell's answer ends with a status that is not a number — shell abandoned"))
            }
            try hold(answer.output.heldCount, on: stream, in: charge)
            return !answer.isComplete
        }
    }

    private func finish(_ answer: inout AnswerStream, stream: Int32) throws {
        do throws(AnswerStream.Failure) { try answer.finish() } catch { throw tooLarge(answer.output.limit, stream: stream) }
    }

    /// Closes the shell's channel (its stdin first, so the shell ends) and forgets it; how the
    /// shell ended.
    @discardableResult
    private func endShell(_ channel: OpaquePointer) -> ExitStatus {
        libssh2_session_set_timeout(session, 5_000)
        defer { libssh2_session_set_timeout(session, 0) }
        _ = libssh2_channel_send_eof(channel)
        _ = libssh2_channel_close(channel)
        _ = libssh2_channel_wait_closed(channel)
        let exit = exitStatus(channel)
        libssh2_channel_free(channel)
        shell = nil
        return exit
    }
}
