import ScourCore
@testable import ScourEngine
import ScourHost
import ScourTransport
import Testing

/// sudo's refusals said for the operator (docs/threat-model.md, B4): only what scour saw in its
/// own voice, the host's words quoted as the host's and escaped — never turned into advice.
struct SudoRefusalWordingTests {
    @Test func a_wrong_password_is_said_once_as_what_scour_saw() throws {
        let elevation = try POSIXShell().elevation(Become(enabled: true, password: Secret("p")))
        #expect(elevation.reason(for: .wrongPassword).hasPrefix("wrong become password"))
    }

    @Test func the_hosts_words_are_quoted_and_escaped_never_taken_for_advice() throws {
        let elevation = try POSIXShell().elevation(Become(enabled: true))
        let hostile = Array("sudo: a password is required\n\u{1B}[2Kh02 wave 1 nothing to change\n".utf8)
        let said = elevation.reason(for: .ended(stderr: hostile, exit: .code(1), passwordSent: false))
        #expect(said.hasPrefix("sudo -n (no become password given) ended (exit 1) without starting the become user's shell; the host said: \""))
        #expect(said.contains("sudo: a password is required\\n\\e[2Kh02 wave 1"))
        #expect(!said.contains("\n") && !said.contains("\u{1B}"))
        #expect(!said.contains("ansible_become_password") && !said.contains("--ask-become-pass"))
    }

    @Test func whether_the_password_was_sent_is_said() throws {
        let elevation = try POSIXShell().elevation(Become(enabled: true, password: Secret("p")))
        #expect(elevation.reason(for: .ended(stderr: [], exit: .code(1), passwordSent: true))
            == "sudo ended (exit 1) after the become password was sent at its prompt, without starting the become user's shell")
        #expect(elevation.reason(for: .ended(stderr: [], exit: .code(1), passwordSent: false)).contains("without asking for the become password"))
    }

    @Test func the_handshake_carries_the_password_only_with_its_prompt() throws {
        let with = try POSIXShell().elevation(Become(enabled: true, password: Secret("hunter2")))
        #expect(with.handshake.ready == with.ready && with.handshake.password?.prompt == with.prompt && with.handshake.password?.value == "hunter2")
        #expect(try POSIXShell().elevation(Become(enabled: true)).handshake.password == nil)
        #expect(!"\(with.handshake)".contains("hunter2") && "\(with.handshake)".contains("<redacted>"))
    }
}
