@testable import ScourSSH
import ScourTransport
import Testing

/// What decides each step of letting a sudo shell in: the password only at sudo's own prompt
/// and only once, the ready line and the id of the sudo to stop whatever the chunks, and a
/// host that floods cut off.
struct SudoGateTests {
    static let handshake = SudoHandshake(ready: "scour-ready-R1", password: (prompt: "[scour-sudo-P1] ", value: "s3cret"))

    /// The steps the gate takes, in order, over `events` cut into `chunk`-byte pieces.
    private func steps(_ events: [(Int32, String)], chunk: Int, handshake: SudoHandshake = handshake) -> [SudoGate.Step] {
        var gate = SudoGate(handshake)
        var steps: [SudoGate.Step] = []
        for event in events {
            let (stream, text) = event
            let bytes = Array(text.utf8)
            for start in stride(from: 0, to: bytes.count, by: chunk) {
                let step = gate.take(bytes[start..<min(start + chunk, bytes.count)], stream: stream)
                if step != .wait { steps.append(step) }
            }
        }
        return steps
    }

    @Test(arguments: [1, 3, 64])
    func the_password_goes_at_the_prompt_then_the_shell_is_ready(chunk: Int) {
        let events: [(Int32, String)] = [(1, "We trust you have received the usual lecture\n[scour-sudo-P1] "), (0, "scour-ready-R1\n")]
        #expect(steps(events, chunk: chunk) == [.sendPassword, .ready])
    }

    @Test(arguments: [1, 64])
    func a_sudo_that_does_not_ask_is_ready_without_the_password(chunk: Int) {
        #expect(steps([(0, "motd\nscour-ready-R1\n")], chunk: chunk) == [.ready])
        #expect(steps([(0, "scour-ready-R1\n")], chunk: chunk, handshake: SudoHandshake(ready: "scour-ready-R1")) == [.ready])
    }

    @Test(arguments: [1, 64])
    func a_second_prompt_is_a_wrong_password(chunk: Int) {
        let events: [(Int32, String)] = [(1, "[scour-sudo-P1] "), (1, "Sorry, try again.\n[scour-sudo-P1] ")]
        #expect(steps(events, chunk: chunk) == [.sendPassword, .wrongPassword])
    }

    @Test func other_prompts_and_a_ready_line_without_its_newline_do_not_count() {
        let events: [(Int32, String)] = [(1, "[sudo] password for scourops: Password: [scour-sudo-P2] "), (0, "scour-ready-R1 and more")]
        #expect(steps(events, chunk: 5).isEmpty)
        // Without a password there is no prompt to answer, whatever stderr says.
        #expect(steps([(1, "[scour-sudo-P1] ")], chunk: 64, handshake: SudoHandshake(ready: "scour-ready-R1")).isEmpty)
    }

    @Test func a_flood_before_the_prompt_or_the_ready_line_is_cut_off() {
        let flood = String(repeating: "x", count: SudoGate.bound + 1)
        #expect(steps([(1, flood)], chunk: 4096) == [.tooMuch])
        #expect(steps([(0, flood)], chunk: 4096) == [.tooMuch])
    }

    static let stopping = SudoHandshake(ready: "scour-ready-R1", password: (prompt: "[scour-sudo-P1] ", value: "s3cret"),
                                        stop: SudoStop(announcement: "scour-sudo-pid-A1", command: "kill"))

    /// The process id announced on stdout before the ready line, `stdout` cut into `chunk`-byte pieces.
    private func announced(_ stdout: String, chunk: Int) -> Int32? {
        var gate = SudoGate(Self.stopping)
        let bytes = Array(stdout.utf8)
        for start in stride(from: 0, to: bytes.count, by: chunk) {
            _ = gate.take(bytes[start..<min(start + chunk, bytes.count)], stream: 0)
        }
        return gate.sudoProcess
    }

    @Test(arguments: [1, 2, 7, 64])
    func the_sudo_to_stop_is_the_process_announced_on_its_own_line(chunk: Int) {
        #expect(announced("motd\nscour-sudo-pid-A1 4242\n", chunk: chunk) == 4242)
        #expect(announced("scour-sudo-pid-A1 4242", chunk: chunk) == nil, "a line not yet whole names nothing")
        #expect(announced("scour-sudo-pid-A1 12x\nscour-sudo-pid-A1 77\n", chunk: chunk) == 77, "a malformed line is passed over")
        for malformed in ["scour-sudo-pid-A1 \n", "scour-sudo-pid-A1 -5\n", "scour-sudo-pid-A1 1\n", "scour-sudo-pid-A1 99999999999\n",
                          "scour-sudo-pid-B2 4242\n", "scour-sudo-pid-A14242\n"] {
            #expect(announced(malformed, chunk: chunk) == nil, "\(malformed)")
        }
        #expect(announced("scour-sudo-pid-A1 4242\nscour-sudo-pid-A1 5353\n", chunk: chunk) == 4242, "the first one stands")
        // Without a way to stop sudo, nothing is looked for.
        var gate = SudoGate(Self.handshake)
        _ = gate.take(Array("scour-sudo-pid-A1 4242\n".utf8)[...], stream: 0)
        #expect(gate.sudoProcess == nil)
    }

    @Test func the_announcement_does_not_change_the_steps() {
        let events: [(Int32, String)] = [
            (0, "scour-sudo-pid-A1 4242\n"), (1, "[scour-sudo-P1] "), (1, "Sorry, try again.\n[scour-sudo-P1] "),
        ]
        #expect(steps(events, chunk: 3, handshake: Self.stopping) == [.sendPassword, .wrongPassword])
        #expect(steps([(0, "scour-sudo-pid-A1 4242\nscour-ready-R1\n")], chunk: 3, handshake: Self.stopping) == [.ready])
    }

    @Test func the_stderr_before_the_end_is_kept_for_the_report() {
        var gate = SudoGate(Self.handshake)
        _ = gate.take(Array("sudo: a password is required\n".utf8)[...], stream: 1)
        #expect(String(decoding: gate.stderr, as: UTF8.self) == "sudo: a password is required\n")
        #expect(gate.prompts == 0)
    }
}
