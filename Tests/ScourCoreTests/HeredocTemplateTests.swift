import ScourSyntax
import Testing
@testable import ScourCore

/// A heredoc `command` becomes the same template as a `"…"` string: its params count as used
/// and are rendered quoted; a literal heredoc stays text.
@Suite struct HeredocTemplateTests {
    static func run(_ command: String) -> (RunCommand?, [Diagnostic]) {
        let text = """
            playbook "p" {
              platform = linux
              param "max_pages" {
                type    = number
                default = 100
              }
              run "scrub" {
                command = \(command)
              }
            }

            """
        let loaded = LoadedPlaybook.analyze(SourceFile(path: "t.scour", text: text), purpose: .check)
        return (loaded.playbook?.steps.first?.action as? RunCommand, loaded.diagnostics)
    }

    @Test func interpolatingHeredocIsATemplate() throws {
        let (action, diagnostics) = Self.run("<<-EOT\n      head -n ${param.max_pages} $${HOME}/x\n      EOT")
        #expect(diagnostics.isEmpty)
        guard let command = action?.command, action?.unless == nil else { Issue.record("not a run step: \(String(describing: action))"); return }
        #expect(command.parts == [.text("head -n "), .value(.param("max_pages")), .text(" ${HOME}/x")])
        let context = EvaluationContext(detected: [], params: ["max_pages": .number(7)], host: [:], changed: false)
        #expect(command.render(in: context) { "'\($0)'" } == "head -n '7' ${HOME}/x")
    }

    @Test func literalHeredocLeavesTheParamUnused() {
        let (action, diagnostics) = Self.run("<<'EOT'\necho ${param.max_pages}\nEOT")
        #expect(diagnostics.map(\.message) == ["param 'max_pages' is never used"])
        #expect(action == RunCommand(command: Template("echo ${param.max_pages}"), unless: nil))
    }
}
