import Foundation
import ScourCore
import ScourHost
import ScourTransport

extension Elevation {
    /// How the transport lets the become user's shell in: its ready line, and the password to
    /// send at sudo's own prompt when there is one, with how to stop a sudo that asks again.
    var handshake: SudoHandshake {
        guard let prompt, let password else { return SudoHandshake(ready: ready) }
        return SudoHandshake(ready: ready, password: (prompt: prompt, value: password.value),
                             stop: stop.map { SudoStop(announcement: $0.announcement, command: $0.command) })
    }

    /// Why sudo did not start the become user's shell, said for the operator: only what scour
    /// itself saw — its prompt asked for again, the ready line that never came — and what the
    /// host printed quoted as the host's, never taken for sudo's words: any process on the way
    /// can print "a password is required" (docs/threat-model.md, B4).
    func reason(for refusal: SudoRefusal) -> String {
        switch refusal {
        case .wrongPassword:
            return "wrong become password: sudo asked for it again after scour's one try, and was sent nothing more"
        case .ended(let stderr, let exit, let passwordSent):
            let what = if password == nil {
                "sudo -n (no become password given) ended (\(exit)) without starting the become user's shell"
            } else if passwordSent {
                "sudo ended (\(exit)) after the become password was sent at its prompt, without starting the become user's shell"
            } else {
                "sudo ended (\(exit)) without asking for the become password or starting the become user's shell"
            }
            let said = HostText.terminal(String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
            return said.isEmpty ? what : "\(what); the host said: \"\(said.suffix(300))\""
        }
    }
}
