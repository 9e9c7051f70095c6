import ScourCore

/// How a host's scripts run with privileges (`ansible_become`): the sudo command line that
/// starts the become user's shell, how that shell is let in before any script is sent, and
/// where the login may write a file that a script then takes over. The password never reaches
/// a command line, a log or the journal.
///
/// The shell prints `ready` on a line of its own before it reads anything; with a password,
/// sudo runs with `prompt` as its prompt. The transport sends the password only when that
/// exact prompt arrives, and nothing else before `ready` (`SudoHandshake`): a sudo that does not
/// ask never receives the password, and a wrong password is tried once, never followed by the
/// script's lines as more tries. Both are fresh random words for each `Elevation`, so the
/// command line stays the same for all of a connection's scripts.
package struct Elevation: Sendable {
    /// The command line that starts the become user's shell; scripts go to its stdin.
    package var command: String
    /// Sent once, at `prompt`.
    package var password: Secret?
    /// sudo's password prompt (`sudo -S -p`), when there is a password.
    package var prompt: String?
    /// The first line the become user's shell prints.
    package var ready: String
    /// A folder every login may write in and only the owner of a file may rename or remove it
    /// from (sticky): where uploads are written as the login before a script moves them.
    package var uploadFolder: String

    /// Why a host's become settings cannot be carried out here, said for the operator.
    package struct Refusal: Error, CustomStringConvertible {
        package var description: String
    }

    /// A fresh prompt and ready line for a shell started as `command(prompt)`.
    package init(password: Secret?, uploadFolder: String, command: (_ prompt: String?, _ ready: String) -> String) {
        let nonce = ProbeScript.makeNonce()
        self.password = password
        prompt = password == nil ? nil : "[scour-sudo-\(nonce)] "
        ready = "scour-ready-\(nonce)"
        self.uploadFolder = uploadFolder
        self.command = command(prompt, ready)
    }

    /// A fresh name in `uploadFolder` for an upload that will become `name`: unguessable (a
    /// random token), so no other user can have put anything there first, with no exec to
    /// make it — the SFTP write creates the file, as the login, mode 0600.
    package func uploadPath(for name: String) -> String {
        uploadFolder + "/.scour-upload-" + ProbeScript.makeNonce() + "-" + name
    }
}
