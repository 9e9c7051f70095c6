import Foundation
import ScourSyntax

/// What an analysis is for: `scour check` tolerates what only matters when hosts are touched.
public enum AnalysisPurpose: Sendable {
    /// `scour check`, `scour explain`: a missing `apply_patch` file is a warning.
    case check
    /// `scour plan`, `scour apply`: it is an error.
    case execute
}

/// The analysis of one playbook file. Its readers (in the `AnalysisContext+…` files, and each
/// step kind's `read`) each read one kind of value and report what is wrong with it to
/// `diagnostics` at its range, returning nil then, so analysis goes on and every independent
/// error of a file is reported in one run. What a condition may name lives in `expressions`.
final class AnalysisContext {
    let source: SourceFile
    let purpose: AnalysisPurpose
    let diagnostics = DiagnosticLog()
    /// The playbook's, once read; linux until then (and when it is missing, which is reported).
    var platform: Platform = .linux
    var expressions: ExpressionChecker
    /// The interpolated paths, patterns and names read so far, by source text (`readHostValue`).
    var interpolations: [String: Interpolation] = [:]

    init(source: SourceFile, purpose: AnalysisPurpose) {
        self.source = source
        self.purpose = purpose
        expressions = ExpressionChecker(diagnostics: diagnostics, source: source)
    }

    var playbookFolder: String { (source.path as NSString).deletingLastPathComponent }
}
