@testable import ScourSSH
import ScourTransport
import Testing

/// What decides each step of letting a sudo shell in: the password only at sudo's own prompt
/// and only once, the ready line whatever the chunks, and a host that floods cut off.
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

    @Test func the_stderr_before_the_end_is_kept_for_the_report() {
        var gate = SudoGate(Self.handshake)
        _ = gate.take(Array("sudo: a password is required\n".utf8)[...], stream: 1)
        #expect(String(decoding: gate.stderr, as: UTF8.self) == "sudo: a password is required\n")
        #expect(gate.prompts == 0)
    }
}
