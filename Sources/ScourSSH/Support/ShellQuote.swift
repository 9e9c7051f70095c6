import Foundation

/// Quoting of values for a remote POSIX shell. Scour never interpolates an unquoted value into a
/// remote command: every path, pattern or name goes through here.
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
}
