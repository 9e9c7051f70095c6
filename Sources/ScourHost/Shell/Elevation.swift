import ScourCore

/// How a host's scripts run with privileges (`ansible_become`): the sudo command line that
/// starts the become user's shell, how that shell is let in before any script is sent, and
/// where the login may write a file that a script then takes over. The password never reaches
/// a command line, a log or the journal.
///
/// The shell prints `ready` on a line of its own before it reads anything; with a password,
/// sudo runs with `prompt` as its prompt, started by a process that first prints `announcement`
/// and its own id (`SudoStop`). The transport sends the password only when that exact prompt
/// arrives, and nothing else before `ready` (`SudoHandshake`): a sudo that does not ask never
/// receives the password, and a wrong password is tried once — sudo asking again is killed at
/// that prompt with `stop`, so PAM never counts a second try. The words are fresh random ones
/// for each `Elevation`, so the command line stays the same for all of a connection's scripts.
package struct Elevation: Sendable {
    /// The command line that starts the become user's shell; scripts go to its stdin.
    package var command: String
    /// Sent once, at `prompt`.
    package var password: Secret?
    /// sudo's password prompt (`sudo -S -p`), when there is a password.
    package var prompt: String?
    /// The first line the become user's shell prints.
    package var ready: String
    /// With a password: the word the process that becomes sudo prints with its id, and the
    /// command that kills that sudo at a second prompt (`SudoStop`).
    package var stop: (announcement: String, command: String)?
    /// A folder every login may write in and only the owner of a file may rename or remove it
    /// from (sticky): where uploads are written as the login before a script moves them.
    package var uploadFolder: String

    /// Why a host's become settings cannot be carried out here, said for the operator.
    package struct Refusal: Error, CustomStringConvertible {
        package var description: String
    }

    /// Fresh words for a shell started as `command(prompt, ready, announcement)`, and for
    /// `stop(prompt)`, the command that kills a sudo asking again (given its id on stdin).
    package init(
        password: Secret?, uploadFolder: String,
        command: (_ prompt: String?, _ ready: String, _ announcement: String) -> String, stop: (_ prompt: String) -> String
    ) {
        let nonce = ProbeScript.makeNonce()
        let announcement = "scour-sudo-pid-\(nonce)"
        self.password = password
        prompt = password == nil ? nil : "[scour-sudo-\(nonce)] "
        ready = "scour-ready-\(nonce)"
        self.uploadFolder = uploadFolder
        self.command = command(prompt, ready, announcement)
        self.stop = prompt.map { (announcement, stop($0)) }
    }

    /// A fresh name in `uploadFolder` for an upload that will become `name`: unguessable (a
    /// random token), so no other user can have put anything there first, with no exec to
    /// make it — the SFTP write creates the file, as the login, mode 0600.
    package func uploadPath(for name: String) -> String {
        uploadFolder + "/.scour-upload-" + ProbeScript.makeNonce() + "-" + name
    }
}
