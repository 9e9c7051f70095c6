import ScourCore

/// How a host's scripts run with privileges (`ansible_become`): the command line that takes
/// the script on stdin as the become user, whether the become password goes first on stdin,
/// and where the login may write a file that a script then takes over. The password never
/// reaches a command line, a log or the journal.
package struct Elevation: Sendable {
    /// The command line scripts are sent to.
    package var command: String
    /// Sent as the first line of stdin, then `scriptStart`, then the script.
    package var password: Secret?
    /// A folder every login may write in and only the owner of a file may rename or remove it
    /// from (sticky): where uploads are written as the login before a script moves them.
    package var uploadFolder: String

    /// The line between the password and the script: the command skips every line up to it,
    /// so a password sudo did not ask for is read and dropped, never run. A comment, should a
    /// password be this very line.
    package static let scriptStart = "# scour: the script"

    /// Why a host's become settings cannot be carried out here, said for the operator.
    package struct Refusal: Error, CustomStringConvertible {
        package var description: String
    }

    /// What `command` reads before any script: the password line and `scriptStart` when
    /// there is a password, else nothing.
    package var preamble: [UInt8] {
        Array((password.map { $0.value + "\n" + Self.scriptStart + "\n" } ?? "").utf8)
    }

    /// The stdin of a single script: the preamble, then the script.
    package func stdin(for script: String) -> [UInt8] {
        preamble + Array(script.utf8)
    }

    /// A fresh name in `uploadFolder` for an upload that will become `name`: unguessable (a
    /// random token), so no other user can have put anything there first, with no exec to
    /// make it — the SFTP write creates the file, as the login, mode 0600.
    package func uploadPath(for name: String) -> String {
        uploadFolder + "/.scour-upload-" + ProbeScript.makeNonce() + "-" + name
    }

    /// What sudo said on stderr, as the reason a host failed; nil when it is not sudo's.
    package static func sudoProblem(in stderr: String) -> String? {
        if stderr.contains("a password is required") {
            return "sudo asks for a password: give ansible_become_password or --ask-become-pass"
        }
        if stderr.contains("incorrect password") || stderr.contains("Sorry, try again") {
            return "sudo refused the become password"
        }
        if stderr.contains("must have a tty") {
            return "sudo requires a terminal on this host (Defaults requiretty): allow it without one for this user"
        }
        if stderr.contains("is not in the sudoers file") || stderr.contains("is not allowed to execute") {
            return "sudo does not allow this login to run a shell as the become user"
        }
        return nil
    }
}
