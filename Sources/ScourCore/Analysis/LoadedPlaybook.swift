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
        try analyze(try read(path: path), purpose: purpose)
    }

    /// The playbook file's bytes, read once: a run analyses them, then hashes and copies them.
    public static func read(path: String) throws -> InputFile {
        do { return try InputFile.read(path) } catch { throw PlaybookReadError(path: path, error) }
    }

    /// A playbook file already read, analyzed; bytes that are not UTF-8 cannot be read.
    public static func analyze(_ file: InputFile, purpose: AnalysisPurpose) throws -> LoadedPlaybook {
        let text: String
        do { text = try file.text() } catch { throw PlaybookReadError(path: file.path, error) }
        return analyze(SourceFile(path: file.path, text: text), purpose: purpose)
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

    init(path: String, _ error: any Error) {
        self.path = path
        reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
    }
}
