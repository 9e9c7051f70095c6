import ScourSyntax

/// Where an analysis reports what is wrong: every reader of a playbook writes here, and goes on
/// reading, so one run reports every independent error of a file. Shared by reference, as the
/// readers hand each other the same one.
final class DiagnosticLog {
    private var diagnostics: [Diagnostic] = []

    func error(_ message: String, at range: SourceRange, notes: [Diagnostic.Note] = [], help: String? = nil,
               fixIts: [Diagnostic.FixIt] = []) {
        diagnostics.append(.error(message, at: range, notes: notes, help: help, fixIts: fixIts))
    }

    func warning(_ message: String, at range: SourceRange, notes: [Diagnostic.Note] = [], help: String? = nil) {
        diagnostics.append(.warning(message, at: range, notes: notes, help: help))
    }

    /// "did you mean" help and fix-it for a misspelt `word` at `range`, if a candidate is close.
    func suggestion(for word: String, at range: SourceRange, among candidates: [String]) -> (help: String?, fixIts: [Diagnostic.FixIt]) {
        guard let close = DidYouMean.suggest(word, among: candidates) else { return (nil, []) }
        return ("did you mean '\(close)'?", [Diagnostic.FixIt(range: range, replacement: close)])
    }

    /// In source order, as compilers report; ties keep the order they were found in.
    var inSourceOrder: [Diagnostic] {
        diagnostics.enumerated()
            .sorted { ($0.element.range.start.offset, $0.offset) < ($1.element.range.start.offset, $1.offset) }
            .map(\.element)
    }
}
