import Foundation

/// Asks for a secret on the controlling terminal, as getpass(3) does: the prompt goes to the
/// terminal, echo is off while the line is typed (and restored after, even on an empty line),
/// and the answer never touches stdout, stderr or a log. No terminal: an error, never a read
/// of stdin, which may be a pipe of something else.
enum SecretPrompt {
    struct NoTerminal: Error, CustomStringConvertible {
        var flag: String
        var description: String { "\(flag) needs a terminal to ask on (/dev/tty cannot be opened)" }
    }

    /// The line typed after `prompt`, without its newline.
    static func ask(_ prompt: String, flag: String) throws -> String {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard tty >= 0 else { throw NoTerminal(flag: flag) }
        defer { close(tty) }
        var saved = termios()
        let isTerminal = tcgetattr(tty, &saved) == 0
        guard isTerminal else { throw NoTerminal(flag: flag) }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO | ECHONL)
        silent.c_lflag |= tcflag_t(ICANON)
        // Silent before the prompt shows, so nothing typed once it is up can be echoed; like
        // readpassphrase(3), TCSAFLUSH drops what was typed before it.
        _ = tcsetattr(tty, TCSAFLUSH, &silent)
        _ = prompt.withCString { write(tty, $0, strlen($0)) }
        defer {
            _ = tcsetattr(tty, TCSAFLUSH, &saved)
            _ = write(tty, "\n", 1)
        }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(tty, &byte, 1) == 1, byte != UInt8(ascii: "\n") {
            if line.count < 4096 { line.append(byte) }
        }
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }
}
