/// How a shell started through sudo is let in before any script is sent (`Transport.exec`,
/// `Transport.converse`). The shell sudo starts prints `ready` on a line of its own (stdout)
/// before it reads anything; with a password, sudo runs with `prompt` as its password prompt
/// (`sudo -S -p`, on stderr). The password is sent once, and only when that exact prompt
/// arrives: a sudo that does not ask never receives it, and a sudo that asks again (the
/// password was wrong) receives nothing more — the attempt is given up, so sudo logs one
/// failed try, not the script's first lines as more (docs/threat-model.md, B1, B2).
public struct SudoHandshake: Sendable, CustomStringConvertible {
    /// The line the become user's shell prints first: sudo let the login in.
    public var ready: String
    /// sudo's password prompt and the password to send at it; nil when sudo runs with `-n`.
    public var password: (prompt: String, value: String)?

    public init(ready: String, password: (prompt: String, value: String)? = nil) {
        self.ready = ready
        self.password = password
    }

    public var description: String { "sudo handshake (ready \(ready)\(password == nil ? "" : ", password <redacted>"))" }
}

/// sudo did not start the become user's shell: what the handshake saw (`SudoHandshake`).
public enum SudoRefusal: Error, Sendable {
    /// sudo printed its prompt again after the one password sent: the password is wrong.
    /// Nothing more was sent; the attempt was given up.
    case wrongPassword
    /// The command ended before the shell's ready line: what it printed on stderr (host text),
    /// how it ended, and whether the password had been sent (at sudo's prompt).
    case ended(stderr: [UInt8], exit: ExitStatus, passwordSent: Bool)
}
