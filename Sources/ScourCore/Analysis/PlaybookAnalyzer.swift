import ScourSyntax

/// Gives a parsed `.scour` file its meaning: the typed `Playbook`, and every violation of the
/// language's rules as diagnostics at their source ranges (docs/playbook-language.md).
public enum PlaybookAnalyzer {
    /// The playbook when the file has no errors (warnings may remain), and all diagnostics.
    public static func analyze(_ syntax: SyntaxFile, source: SourceFile, purpose: AnalysisPurpose) -> (Playbook?, [Diagnostic]) {
        let context = AnalysisContext(source: source, purpose: purpose)
        let playbook = context.readFile(syntax)
        if purpose == .check {
            // `scour check` has no inventory: it warns where plan and apply would check the hosts.
            context.expressions.hostVariables.warnAboutEachWithoutDefault(context.diagnostics)
        }
        let diagnostics = context.diagnostics.inSourceOrder
        return (diagnostics.containsErrors ? nil : playbook, diagnostics)
    }
}
