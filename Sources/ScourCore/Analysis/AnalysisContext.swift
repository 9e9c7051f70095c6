import Foundation
import ScourSyntax

/// What an analysis is for: `scour check` tolerates what only matters when hosts are touched.
public enum AnalysisPurpose: Sendable {
    /// `scour check`, `scour explain`: a missing `apply_patch` file is a warning.
    case check
    /// `scour plan`, `scour apply`: it is an error.
    case execute
}

/// The state of one playbook's analysis: the diagnostics so far and the names steps may refer
/// to. The `read…` methods (in extensions) each read one kind of value and report what is
/// wrong with it at its range, returning nil then, so analysis goes on and every independent
/// error of a file is reported in one run.
final class AnalysisContext {
    let source: SourceFile
    let purpose: AnalysisPurpose
    private(set) var diagnostics: [Diagnostic] = []
    var platform: Platform = .linux
    var paramTypes: [String: ValueType] = [:]
    var detectNames: Set<String> = []
    /// The playbook's steps in order, for `step.NAME.changed` (see StepReferences.swift).
    var stepDeclarations: [StepDeclaration] = []
    var stepIndex: [String: Int] = [:]
    /// The first read of each host variable that has no `??` default, in reading order.
    var hostVariableUses: [HostVariableUse] = []
    var hostVariablesSeen: Set<String> = []
    /// Every host variable read with a `??` default (for check's did-you-mean).
    var defaultedHostVariables: Set<String> = []
    /// Names used as `detected.X` and `param.X`, for the unused warnings.
    var usedDetects: Set<String> = []
    var usedParams: Set<String> = []
    /// The interpolated paths, patterns and names read so far, by source text (`readHostValue`).
    var interpolations: [String: Interpolation] = [:]

    init(source: SourceFile, purpose: AnalysisPurpose) {
        self.source = source
        self.purpose = purpose
    }

    var playbookFolder: String { (source.path as NSString).deletingLastPathComponent }

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
}
