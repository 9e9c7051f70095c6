import ArgumentParser
import ScourCore

/// `--become` and `--ask-become-pass`: run everything on hosts through sudo (docs/inventory.md).
struct BecomeOptions: ParsableArguments {
    @Flag(help: "Run probes, actions and restores through sudo (as ansible_become_user, default root) on hosts whose inventory does not say.")
    var become = false

    @Flag(help: "Ask once, on the terminal, for the sudo password of hosts that become without one in the inventory. Never echoed, recorded or printed.")
    var askBecomePass = false

    /// The request, asking for the password now when told to.
    func request(recorded: Bool = false) throws -> BecomeRequest {
        var password: Secret?
        if askBecomePass {
            do { password = Secret(try SecretPrompt.ask("BECOME password: ", flag: "--ask-become-pass")) } catch { throw ValidationError("\(error)") }
        }
        return BecomeRequest(become: become || recorded, password: password)
    }
}
