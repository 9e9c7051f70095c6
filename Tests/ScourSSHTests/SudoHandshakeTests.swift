import Foundation
import ScourCore
import ScourHost
import ScourSSH
import ScourTransport
import TestSupport
import Testing

/// Letting a shell started through sudo in, over a real sshd, with a stand-in sudo that
/// behaves as sudo does on stdin (`-S`) and records every line it reads as a password: the
/// password goes once and only at the prompt, a wrong one is never followed by anything, a
/// shell that never prompts never receives it, and a sudo that ends or floods first is said.
@Suite(.needs(.sshd), .serialized)
struct SudoHandshakeTests {
    let shell = POSIXShell()
    static let prompt = "[scour-sudo-T3st] "
    static let ready = "scour-ready-T3st"

    /// A folder with the stand-in sudo (`sudo.sh`, its prompt its first argument), its record of
    /// what it read (`read`), and of reading the end of its input (`ended`: PAM's second failure).
    private func standIn(prompt: String = prompt) throws -> (folder: String, command: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scour-sudo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let record = ShellQuote.posix(folder + "/read"), ended = ShellQuote.posix(folder + "/ended")
        try """
            tries=0
            while [ "$tries" -lt 3 ]; do
              printf '%s' "$1" >&2
              IFS= read -r pw || {
                echo ended >> \(ended); [ "$tries" -gt 0 ] && echo "sudo: $tries incorrect password attempt" >&2; exit 1
              }
              printf '%s\\n' "$pw" >> \(record)
              [ "$pw" = right ] && { echo \(Self.ready); exec /bin/sh -s; }
              tries=$((tries + 1))
              echo 'Sorry, try again.' >&2
            done
            echo "sudo: 3 incorrect password attempts" >&2; exit 1
            """.write(toFile: folder + "/sudo.sh", atomically: true, encoding: .utf8)
        return (folder, "/bin/sh " + ShellQuote.posix(folder + "/sudo.sh") + " " + ShellQuote.posix(prompt))
    }

    private func handshake(_ password: String?) -> SudoHandshake {
        SudoHandshake(ready: Self.ready, password: password.map { (prompt: Self.prompt, value: $0) })
    }

    private func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    private func converse(_ script: String, on session: SSHSession, command: String, sudo: SudoHandshake) async throws -> ExecResult? {
        let marker = ProbeScript.makeNonce()
        let request = try #require(shell.request(script, marker: marker))
        let answer = try await session.converse(with: command, sudo: sudo, request: Array(request.utf8), marker: marker,
                                                timeout: .seconds(20), stdoutLimit: .standard, stderrLimit: .standard)
        guard case .answered(let result) = answer else { Issue.record("the shell ended: \(answer)"); return nil }
        return result
    }

    @Test func the_password_goes_once_at_the_prompt_then_the_scripts_run() async throws {
        let (folder, command) = try standIn()
        try await withServer { server in
            let session = try await server.connect()
            let exec = try await session.exec(command, sudo: handshake("right"), stdin: Array("echo one\necho two\n".utf8), timeout: .seconds(20))
            #expect(exec.stdoutText == "one\ntwo\n", "the ready line is not part of the answer")
            #expect(exec.succeeded)
            let first = try await converse("echo \"shell $$\"", on: session, command: command, sudo: handshake("right"))
            let second = try await converse("echo \"shell $$\"", on: session, command: command, sudo: handshake("right"))
            #expect(first?.stdoutText.hasPrefix("shell ") == true && first?.stdoutText == second?.stdoutText, "one kept shell")
            #expect(lines(folder + "/read") == ["right", "right"], "one password a sudo: the exec's and the kept shell's")
            await session.close()
        }
    }

    @Test func a_wrong_password_is_tried_once_and_nothing_follows_it() async throws {
        let (folder, command) = try standIn()
        try await withServer { server in
            let session = try await server.connect()
            for attempt in 1...2 {
                do {
                    _ = try await converse("echo ran", on: session, command: command, sudo: handshake("wrong"))
                    Issue.record("a wrong password let the shell in")
                } catch let refusal as SudoRefusal {
                    guard case .wrongPassword = refusal else { Issue.record("\(refusal)"); continue }
                }
                #expect(lines(folder + "/read") == Array(repeating: "wrong", count: attempt), "one try a connection attempt, never a script line")
            }
            #expect(session.isOpen, "only the attempt was given up")
            #expect(try await session.exec("echo still").stdoutText == "still\n")
            await session.close()
        }
        #expect(lines(folder + "/ended") == ["ended", "ended"], "without a stop, closing the channel makes sudo read the end of its input")
    }

    /// With the elevation's stop, the sudo asking again is killed at its prompt: it reads
    /// nothing more, not even the end of its input (where PAM would count a second failure).
    @Test func a_sudo_that_asks_again_is_killed_at_its_prompt() async throws {
        let elevation = try shell.elevation(Become(enabled: true, password: Secret("wrong")))
        let (prompt, stop) = try (#require(elevation.prompt), #require(elevation.stop))
        let (folder, standIn) = try standIn(prompt: prompt)
        let command = "/bin/sh -c " + ShellQuote.posix("echo \(stop.announcement) $$; exec " + standIn)
        let sudo = SudoHandshake(ready: Self.ready, password: (prompt: prompt, value: "wrong"),
                                 stop: SudoStop(announcement: stop.announcement, command: stop.command))
        try await withServer { server in
            let session = try await server.connect()
            for attempt in 1...2 {
                do {
                    _ = try await session.exec(command, sudo: sudo, stdin: Array("echo ran\n".utf8), timeout: .seconds(20))
                    Issue.record("a wrong password let the shell in")
                } catch let refusal as SudoRefusal {
                    guard case .wrongPassword = refusal else { Issue.record("\(refusal)"); continue }
                }
                #expect(lines(folder + "/read") == Array(repeating: "wrong", count: attempt))
            }
            #expect(session.isOpen)
            #expect(try await session.exec("echo still").stdoutText == "still\n")
            await session.close()
        }
        #expect(lines(folder + "/ended").isEmpty, "killed at its second prompt, it never read the end of its input")
    }

    @Test func a_shell_that_never_prompts_never_receives_the_password() async throws {
        let (folder, _) = try standIn()
        let record = ShellQuote.posix(folder + "/stdin")
        // A login that wraps sudo and keeps all it is sent: the NOPASSWD host of B2.
        let command = "/bin/sh -c \(ShellQuote.posix("echo \(Self.ready); tee -a \(record) | /bin/sh -s"))"
        try await withServer { server in
            let session = try await server.connect()
            #expect(try await converse("echo ran", on: session, command: command, sudo: handshake("s3cret"))?.stdoutText == "ran\n")
            let exec = try await session.exec(command, sudo: handshake("s3cret"), stdin: Array("echo ran\n".utf8), timeout: .seconds(20))
            #expect(exec.stdoutText == "ran\n")
            await session.close()
        }
        let seen = (try? String(contentsOfFile: folder + "/stdin", encoding: .utf8)) ?? ""
        #expect(seen.contains("echo ran"))
        #expect(!seen.contains("s3cret"))
    }

    @Test func a_sudo_that_ends_before_the_shell_is_ready_is_a_refusal_with_its_words() async throws {
        try await withServer { server in
            let session = try await server.connect()
            do {
                _ = try await session.exec("echo 'sudo: a password is required' >&2; exit 1", sudo: handshake(nil), stdin: Array("echo ran\n".utf8))
                Issue.record("no refusal")
            } catch let refusal as SudoRefusal {
                guard case .ended(let stderr, let exit, let sent) = refusal else { Issue.record("\(refusal)"); return }
                #expect(String(decoding: stderr, as: UTF8.self) == "sudo: a password is required\n")
                #expect(exit == .code(1) && !sent)
            }
            await session.close()
        }
    }

    @Test func a_host_that_floods_before_its_prompt_is_cut_off() async throws {
        try await withServer { server in
            let session = try await server.connect()
            let clock = ContinuousClock(), start = clock.now
            let error = await sshError {
                _ = try await session.exec("head -c 10000000 /dev/zero >&2; sleep 60", sudo: handshake("s3cret"), stdin: [], timeout: .seconds(30))
            }
            #expect(error?.kind == .answerTooLarge)
            #expect(clock.now - start < .seconds(20))
            await session.close()
        }
    }
}
