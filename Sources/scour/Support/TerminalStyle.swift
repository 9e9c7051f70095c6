import Foundation

/// ANSI styling that switches itself off when the stream is not a terminal (or `NO_COLOR` is
/// set), so piped and logged output stays plain.
///
/// The rule for every text printer of `scour` (terminal, log line, report): a value Scour did
/// not write itself — a host's error, stderr or stdout, a path or diff line it reported, a
/// detection's indicator, and, at no cost, names from the playbook and inventory too — goes
/// through `HostText` before it is styled or padded: `terminal(_:)` where it sits in one line,
/// `terminalLines(_:)` for a tail shown as lines of its own (each then indented, so no line of
/// it can pass for one of Scour's). Styling is added after escaping, so the only escape
/// sequences on the terminal are Scour's own. JSON output is left to the encoder, which escapes
/// every control character.
struct TerminalStyle: Sendable {
    let enabled: Bool

    init(enabled: Bool) { self.enabled = enabled }

    /// Styling for a file descriptor: on only for a terminal, and never under `NO_COLOR`.
    init(for fileDescriptor: Int32) {
        enabled = isatty(fileDescriptor) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func red(_ text: String) -> String { wrap(text, "31") }
    func green(_ text: String) -> String { wrap(text, "32") }
    func yellow(_ text: String) -> String { wrap(text, "33") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
