/// Quoted literals for the two script languages probes are written in. Every playbook value
/// reaches a remote interpreter through one of these, never spliced in bare.
enum ScriptLiteral {
    /// A POSIX sh single-quoted word: inside `'…'` nothing is special, so the only character
    /// to handle is `'` itself, written as `'\''` (close, escaped quote, reopen).
    /// NUL cannot be represented in a shell word; callers refuse such values first
    /// (see `ProbeItem.refusal`).
    static func posix(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }

    /// The characters PowerShell's tokenizer takes as a single quote: ASCII `'` and the
    /// typographic quotes U+2018–U+201B. Forgetting the latter is a classic injection.
    /// Compared by Unicode scalar, not by `Character`: a quote followed by a combining mark is
    /// one Swift `Character` but still a quote to PowerShell.
    static let powerShellQuotes: Set<Unicode.Scalar> = ["'", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}"]

    /// A PowerShell verbatim string `'…'`: no variable expansion, no subexpressions, no escapes;
    /// a quote character is written twice (PowerShell keeps the second of a pair).
    static func powerShell(_ value: String) -> String {
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
