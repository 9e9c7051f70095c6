import Foundation

/// Renders diagnostics as compiler-style text with source snippets, or as JSON.
public struct DiagnosticRenderer: Sendable {
    /// Sources by path, for snippets; a diagnostic whose file is missing is shown without one.
    public var sources: [String: SourceFile]
    /// ANSI colours (pass `isatty` of the output).
    public var colors: Bool

    public init(sources: [SourceFile], colors: Bool = false) {
        self.sources = Dictionary(sources.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        self.colors = colors
    }

    /// All diagnostics, each followed by a blank line.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { render($0) + "\n" }.joined()
    }

    /// One diagnostic: header, snippet, notes, help.
    public func render(_ diagnostic: Diagnostic) -> String {
        var lines = [header(diagnostic.range, diagnostic.severity.rawValue, diagnostic.message)]
        lines += snippet(diagnostic.range)
        for note in diagnostic.notes {
            if let range = note.range {
                lines.append(header(range, "note", note.message))
                lines += snippet(range)
            } else {
                lines.append("      = note: \(note.message)")
            }
        }
        if let help = diagnostic.help { lines.append("      = \(paint("help", "1;36")): \(help)") }
        return lines.joined(separator: "\n")
    }

    private func header(_ range: SourceRange, _ severity: String, _ message: String) -> String {
        let colour =
            switch severity {
            case "error": "1;31"
            case "warning": "1;33"
            default: "1;36"
            }
        let location = "\(range.file):\(range.start.line):\(range.start.column)"
        return "\(paint(location, "1")): \(paint(severity, colour)): \(paint(message, "1"))"
    }

    /// The first line of the range with carets under it (`^` then `~` for the rest).
    private func snippet(_ range: SourceRange) -> [String] {
        guard let source = sources[range.file] else { return [] }
        let line = source.lineText(range.start.line)
        let number = String(range.start.line)
        let width = max(5, number.count + 1)
        let start = range.start.column
        let end = range.end.line == range.start.line ? range.end.column : line.count + 1
        // Keep tabs in the caret line so carets stay under their characters.
        let padding = String(line.prefix(start - 1).map { $0 == "\t" ? "\t" : " " })
        let carets = "^" + String(repeating: "~", count: max(1, end - start) - 1)
        return [
            String(repeating: " ", count: width - number.count) + number + " | " + line,
            String(repeating: " ", count: width) + " | " + padding + paint(carets, "1;32"),
        ]
    }

    private func paint(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
