import Foundation
@testable import ScourEngine
import ScourHost
import ScourSSH
import ScourTransport
import TestSupport
import Testing

/// One shell kept on a session across scripts (`SSHSession.converse`), with the framing the
/// POSIX shell gives each script (`POSIXShell.request`), over a real sshd: each script's output,
/// error output and status apart, one shell process for all of them, nothing of one script
/// reaching the next, and a shell that ends said as such, never as a script that succeeded.
@Suite(.needs(.sshd), .serialized)
struct KeptShellTests {
    let shell = POSIXShell()

    private func run(_ script: String, on session: SSHSession, command: String = "/bin/sh -s",
                     timeout: Duration? = .seconds(20), stdoutLimit: OutputLimit = .standard,
                     stderrLimit: OutputLimit = .tail(64 << 10)) async throws -> ShellAnswer {
        let marker = ProbeScript.makeNonce()
        let request = try #require(shell.request(script, marker: marker))
        return try await session.converse(with: command, sudo: nil, request: Array(request.utf8), marker: marker,
                                          timeout: timeout, stdoutLimit: stdoutLimit, stderrLimit: stderrLimit)
    }

    private func answered(_ answer: ShellAnswer) -> ExecResult? {
        guard case .answered(let result) = answer else { Issue.record("the shell ended: \(answer)"); return nil }
        return result
    }

    @Test func scripts_share_one_shell_and_nothing_else() async throws {
        try await withServer { server in
            let session = try await server.connect()
            let first = answered(try await run("x=leaked; cd /tmp; echo out; echo err >&2; echo \"shell $$\"; exit 7", on: session))
            #expect(first?.stdoutText.hasPrefix("out\nshell ") == true)
            #expect(first?.stderrText == "err\n")
            #expect(first?.exit == .code(7))
            let second = answered(try await run("echo \"x=${x-unset} pwd=$PWD\"; echo \"shell $$\"", on: session))
            #expect(second?.stdoutText.hasPrefix("x=unset pwd=/") == true)
            #expect(second?.stdoutText.contains("pwd=/tmp\n") == false)
            // `$$` in a subshell is the kept shell's pid: the same for both scripts.
            let shells = [first, second].compactMap { $0?.stdoutText.split(separator: "\n").last }
            #expect(shells.count == 2 && shells[0] == shells[1])
            await session.close()
        }
    }

    @Test func set_e_traps_heredocs_and_stdin_stay_inside_the_script() async throws {
        try await withServer { server in
            let session = try await server.connect()
            let failing = answered(try await run("set -e\ntrap 'echo trapped' EXIT\nfalse\necho not reached", on: session))
            #expect(failing?.stdoutText == "trapped\n")
            #expect(failing?.exit == .code(1))
            // A heredoc closing the script, and a command reading stdin: it reads nothing, not
            // the next request.
            let heredoc = answered(try await run("cat <<'EOT'\nit's $(not run)\nEOT", on: session))
            #expect(heredoc?.stdoutText == "it's $(not run)\n")
            let reader = answered(try await run("n=$(cat | wc -c); echo \"read $n\"", on: session))
            #expect(reader?.stdoutText == "read 0\n")
            #expect(answered(try await run("echo after", on: session))?.stdoutText == "after\n")
            await session.close()
        }
    }

    @Test func a_shell_that_ends_is_not_a_script_that_ran() async throws {
        try await withServer { server in
            let session = try await server.connect()
            let refused = try await run("echo ran", on: session, command: "echo 'sudo: a password is required' >&2; exit 1")
            guard case .shellEnded(let result) = refused else { Issue.record("answered: \(refused)"); return }
            #expect(result.exit == .code(1))
            #expect(result.stderrText == "sudo: a password is required\n")
            #expect(result.stdout.isEmpty)
            // A script that kills its shell: the shell ended, whatever its status (0 here).
            let killed = try await run("kill -TERM $$", on: session, command: "/bin/sh -c '/bin/sh -s; exit 0'")
            if case .answered(let result) = killed { Issue.record("a killed shell answered: \(result.exit)") }
            // The session is still good: the next script starts a new shell.
            #expect(answered(try await run("echo again", on: session))?.stdoutText == "again\n")
            await session.close()
        }
    }

    /// The shell ends after the stdout end line, before the stderr one: that is a shell that
    /// ended, said at once, not a wait for the timeout.
    @Test func a_shell_that_ends_between_its_end_lines_is_said_at_once() async throws {
        try await withServer { server in
            let session = try await server.connect()
            let marker = ProbeScript.makeNonce()
            let clock = ContinuousClock()
            let start = clock.now
            let answer = try await session.converse(
                with: "/bin/sh -s", sudo: nil, request: Array("printf '\\n%s 0\\n' \(marker); exit 0\n".utf8), marker: marker,
                timeout: .seconds(30), stdoutLimit: .standard, stderrLimit: .standard)
            if case .answered(let result) = answer { Issue.record("answered without the stderr end line: \(result.exit)") }
            #expect(clock.now - start < .seconds(10))
            await session.close()
        }
    }

    @Test func large_output_on_both_streams_and_limits() async throws {
        try await withServer { server in
            let session = try await server.connect()
            let script = "head -c 10485760 /dev/zero | tr '\\0' a; head -c 3145728 /dev/zero | tr '\\0' b >&2"
            let big = answered(try await run(script, on: session, timeout: .seconds(60), stderrLimit: .tail(4 << 20)))
            #expect(big?.stdout == [UInt8](repeating: UInt8(ascii: "a"), count: 10 << 20))
            let stray = String(decoding: big?.stderr.filter { $0 != UInt8(ascii: "b") } ?? [], as: UTF8.self)
            #expect(big?.stderr.count == 3 << 20, "besides the b's: \(stray.debugDescription)")
            let tail = answered(try await run(script, on: session, timeout: .seconds(60)))
            #expect(tail?.stderr == [UInt8](repeating: UInt8(ascii: "b"), count: 64 << 10))
            #expect(tail?.stderrDropped == (3 << 20) - (64 << 10))
            let error = await sshError { _ = try await run("head -c 100000 /dev/zero", on: session, stdoutLimit: .fail(after: 1000)) }
            #expect(error?.kind == .answerTooLarge)
            #expect(!session.isOpen)
            await session.close()
        }
    }

    /// A process a script left behind that never stops writing to the channel: the next script
    /// still ends, promptly, answered or refused under its own limit.
    @Test(.timeLimit(.minutes(1))) func a_flood_left_behind_cannot_hold_the_next_script() async throws {
        try await withServer { server in
            let session = try await server.connect()
            let first = try await run("yes left-behind &", on: session, stdoutLimit: .tail(4096))
            guard case .answered = first else { Issue.record("the shell ended: \(first)"); return }
            let clock = ContinuousClock()
            let start = clock.now
            do {
                let next = try await run("echo next", on: session, timeout: .seconds(10), stdoutLimit: .fail(after: 1 << 20))
                if case .answered(let result) = next { #expect(result.stdoutText.contains("next\n"), "\(result.stdoutText.suffix(100))") }
            } catch let error as SSHError {
                #expect(error.kind == .answerTooLarge, "\(error)")
            }
            #expect(clock.now - start < .seconds(10))
            await session.close()
        }
    }

    /// A writer that never stops filling stdout, and a pause between the two end lines (a
    /// loaded host, or a hostile one): the stderr end line still comes through. Were stdout no
    /// longer read after its end line, the flood would fill the channel's window and hold the
    /// stderr end line back until the timeout.
    @Test(.timeLimit(.minutes(1))) func an_end_line_comes_through_behind_a_flood_on_the_other_stream() async throws {
        try await withServer { server in
            let session = try await server.connect()
            let marker = ProbeScript.makeNonce()
            let request = "yes flood &\nprintf '\\n%s 0\\n' \(marker)\nsleep 1\nprintf '\\n%s\\n' \(marker) >&2\n"
            let clock = ContinuousClock()
            let start = clock.now
            let answer = try await session.converse(
                with: "/bin/sh -s", sudo: nil, request: Array(request.utf8), marker: marker,
                timeout: .seconds(10), stdoutLimit: .tail(4096), stderrLimit: .standard)
            #expect(answered(answer)?.exit == .code(0))
            #expect(clock.now - start < .seconds(10))
            await session.close()
        }
    }

    @Test func a_script_past_its_timeout_abandons_the_session() async throws {
        try await withServer { server in
            let session = try await server.connect()
            #expect(answered(try await run("echo warm", on: session))?.exit == .code(0))
            let clock = ContinuousClock()
            let start = clock.now
            let error = await sshError { _ = try await run("sleep 30", on: session, timeout: .seconds(1)) }
            #expect(error?.kind == .commandTimedOut)
            #expect(clock.now - start < .seconds(5))
            #expect(!session.isOpen)
            await session.close()
        }
    }
}
