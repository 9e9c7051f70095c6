import CLibSSH2
import ScourTransport

extension SessionCore {
    /// Lets in the shell a sudo started on `channel` (`SudoHandshake`), in the data phase's
    /// non-blocking mode: reads until the shell's ready line, sending the password once when
    /// sudo's own prompt arrives and nothing else. Throws `SudoRefusal` when sudo asks again
    /// (it is killed at that prompt, `SudoStop`, before its channel is closed: PAM counts one
    /// failed try) or ends before the ready line; past `deadline` or the gate's bound, the
    /// session is abandoned. Whatever the shell printed before its ready line is not part of
    /// any answer.
    func admit(_ channel: OpaquePointer, through handshake: SudoHandshake, deadline: ContinuousClock.Instant?) throws {
        let session = try liveSession()
        var gate = SudoGate(handshake)
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var input: [UInt8] = [], written = 0
        while true {
            var progressed = false
            if written < input.count { try send(input, from: &written, on: channel, progressed: &progressed) }
            var ended = true
            for stream in [0, SSH_EXTENDED_DATA_STDERR] {
                var step = SudoGate.Step.wait
                let streamEnded = try read(channel, stream: stream, buffer: &buffer, progressed: &progressed) { chunk in
                    step = gate.take(chunk, stream: stream)
                    return step == .wait
                }
                ended = ended && streamEnded
                switch step {
                case .wait: continue
                case .ready: return
                case .sendPassword: input = Array((handshake.password!.value + "\n").utf8)
                case .wrongPassword:
                    if let stop = handshake.stop, let process = gate.sudoProcess { stopSudo(process, with: stop) }
                    turnAway(channel)
                    throw SudoRefusal.wrongPassword
                case .tooMuch:
                    let bound = ByteCount.text(SudoGate.bound)
                    throw abandon(SSHError(kind: .answerTooLarge, host: target.host,
                                           message: "more than \(bound) before sudo's prompt or the shell's ready line — abandoned"))
                }
            }
            if ended && libssh2_channel_eof(channel) == 1 {
                throw SudoRefusal.ended(stderr: gate.stderr, exit: turnAway(channel), passwordSent: written > 0)
            }
            if let deadline, ContinuousClock.now >= deadline {
                throw abandon(SSHError(kind: .commandTimedOut, host: target.host,
                                       message: "sudo had not started the shell when the time was up — abandoned"))
            }
            if progressed { continue }
            try waitForSocket(session, until: deadline)
        }
    }

    /// Runs `stop.command` as the login on a second channel, the id of the sudo to kill on its
    /// stdin, and waits, briefly, for it to end: the sudo is gone before its own channel is
    /// closed, so it never reads the end of its input. Should that fail (no channel, a command
    /// that ends otherwise), closing the channel still gives the attempt up, as without `stop`.
    private func stopSudo(_ process: Int32, with stop: SudoStop) {
        libssh2_session_set_blocking(session, 1)
        libssh2_session_set_timeout(session, 5_000)
        defer { libssh2_session_set_timeout(session, 0) }
        guard let channel = libssh2_channel_open_ex(session, "session", 7, 64 * 1024, 32_768, nil, 0) else { return }
        defer { libssh2_channel_free(channel) }
        guard libssh2_channel_process_startup(channel, "exec", 4, stop.command, UInt32(stop.command.utf8.count)) == 0 else { return }
        let input = "\(process)\n".utf8.map { CChar(bitPattern: $0) }
        guard libssh2_channel_write_ex(channel, 0, input, input.count) == input.count else { return }
        _ = libssh2_channel_send_eof(channel)
        // Its output is not used; read to its end, so the command is not held up writing it.
        var buffer = [CChar](repeating: 0, count: 4096)
        for stream in [0, SSH_EXTENDED_DATA_STDERR] {
            while libssh2_channel_read_ex(channel, stream, &buffer, buffer.count) > 0 {}
        }
        _ = libssh2_channel_close(channel)
        _ = libssh2_channel_wait_closed(channel)
    }

    /// Closes a channel sudo is still reading (its stdin first) and waits, briefly, for it to
    /// end; how it ended. The caller frees the channel.
    @discardableResult
    private func turnAway(_ channel: OpaquePointer) -> ExitStatus {
        libssh2_session_set_blocking(session, 1)
        libssh2_session_set_timeout(session, 5_000)
        defer { libssh2_session_set_timeout(session, 0) }
        _ = libssh2_channel_send_eof(channel)
        _ = libssh2_channel_close(channel)
        _ = libssh2_channel_wait_closed(channel)
        return exitStatus(channel)
    }
}
