/// How a shell started through sudo is let in before any script is sent (`Transport.exec`,
/// `Transport.converse`). The shell sudo starts prints `ready` on a line of its own (stdout)
/// before it reads anything; with a password, sudo runs with `prompt` as its password prompt
/// (`sudo -S -p`, on stderr). The password is sent once, and only when that exact prompt
/// arrives: a sudo that does not ask never receives it, and a sudo that asks again (the
/// password was wrong) receives nothing more — it is killed at that second prompt (`stop`),
/// so PAM never ends a second round: one failed try a connection, as `pam_faillock` counts
/// (docs/threat-model.md, B1, B2).
public struct SudoHandshake: Sendable, CustomStringConvertible {
    /// The line the become user's shell prints first: sudo let the login in.
    public var ready: String
    /// sudo's password prompt and the password to send at it; nil when sudo runs with `-n`.
    public var password: (prompt: String, value: String)?
    /// How a sudo that asks again is stopped; nil: its channel is only closed.
    public var stop: SudoStop?

    public init(ready: String, password: (prompt: String, value: String)? = nil, stop: SudoStop? = nil) {
        self.ready = ready
        self.password = password
        self.stop = stop
    }

    public var description: String { "sudo handshake (ready \(ready)\(password == nil ? "" : ", password <redacted>"))" }
}

/// How a sudo asking for its password a second time is killed before it reads an answer.
/// Closing its input is not enough: sudo reads the end of it, and PAM runs the failed round to
/// its end (`pam_faillock`'s `authfail`: a second failure counted). Killed while it waits at the
/// prompt, it never finishes that round — nor writes its own count of failed tries to sudo's
/// log: the one try is in PAM's records (`pam_unix`'s "authentication failure", the tally).
///
/// The process that becomes sudo (`exec`, same process id) first prints `announcement`, a
/// space and its process id on a line of its own (stdout). `command`, run as the login over a
/// second channel of the same connection, reads that id on its stdin and kills the process
/// only if it is still this sudo (its command line holds the prompt); the login may signal
/// it, as sudo's real user id is the login's.
public struct SudoStop: Sendable {
    public var announcement: String
    public var command: String

    public init(announcement: String, command: String) {
        self.announcement = announcement
        self.command = command
    }
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
