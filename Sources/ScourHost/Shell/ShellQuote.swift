import Foundation

/// Quoting of values for a remote POSIX shell or PowerShell. Scour never interpolates an unquoted
/// value into a remote command or script: every path, pattern or name goes through here.
public enum ShellQuote {
    /// `value` as one single-quoted word: `it's` → `'it'\''s'`. Inside single quotes a POSIX
    /// shell interprets nothing (no `$`, backticks, backslashes, globs), so only the quote itself
    /// needs care. Newlines and non-ASCII bytes pass through unchanged, which is correct.
    public static func posix(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// A command line of separately quoted words.
    public static func posix(words: [String]) -> String {
        words.map(posix).joined(separator: " ")
    }

    /// The characters PowerShell's tokenizer takes as a single quote: ASCII `'` and the
    /// typographic quotes U+2018–U+201B. Forgetting the latter is a classic injection.
    /// Compared by Unicode scalar, not by `Character`: a quote followed by a combining mark is
    /// one Swift `Character` but still a quote to PowerShell.
    package static let powerShellQuotes: Set<Unicode.Scalar> = ["'", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}"]

    /// A PowerShell verbatim string `'…'`: no variable expansion, no subexpressions, no escapes;
    /// a quote character is written twice (PowerShell keeps the second of a pair).
    public static func powerShell(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        out.append("'")
        for scalar in value.unicodeScalars {
            if powerShellQuotes.contains(scalar) { out.append(scalar) }
            out.append(scalar)
        }
        out.append("'")
        return String(out)
    }
}
