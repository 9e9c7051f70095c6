import Foundation
import ScourSyntax

/// Reads, parses and analyzes one playbook file: what `check`, `explain`, `plan` and `apply`
/// all start with.
public struct LoadedPlaybook: Sendable {
    public var source: SourceFile
    /// Nil when the file has errors.
    public var playbook: Playbook?
    /// Syntax diagnostics, then semantic ones, in source order within each.
    public var diagnostics: [Diagnostic]

    public static func load(path: String, purpose: AnalysisPurpose) throws -> LoadedPlaybook {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw PlaybookReadError(path: path, reason: (error as NSError).localizedFailureReason ?? error.localizedDescription)
        }
        return analyze(SourceFile(path: path, text: text), purpose: purpose)
    }

    public static func analyze(_ source: SourceFile, purpose: AnalysisPurpose) -> LoadedPlaybook {
        let (syntax, syntaxDiagnostics) = ScourSyntax.parse(source)
        let (playbook, semanticDiagnostics) = PlaybookAnalyzer.analyze(syntax, source: source, purpose: purpose)
        let diagnostics = syntaxDiagnostics + semanticDiagnostics
        return LoadedPlaybook(source: source, playbook: diagnostics.containsErrors ? nil : playbook, diagnostics: diagnostics)
    }
}

/// A playbook file that cannot be read at all.
public struct PlaybookReadError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): error: cannot read the playbook: \(reason)" }
}
