/// What a shell kept running across requests (`SSHSession.converse`) made of one request.
public enum ShellAnswer: Sendable {
    /// The script ran to its end line: its output, and its exit status as the end line gave it.
    case answered(ExecResult)
    /// The shell itself ended before the end line (it could not start — a sudo that refused —
    /// or died): what it printed, and how the shell ended. The script may not have run at all,
    /// or only in part.
    case shellEnded(ExecResult)
}
