import ScourSyntax
import Testing
@testable import ScourCore

/// `step.NAME.changed`: which steps it may name, and what it evaluates to.
@Suite struct StepChangedTests {
    static func load(_ steps: String) -> LoadedPlaybook {
        let text = "playbook \"p\" {\n  platform = linux\n\(steps)\n}\n"
        return LoadedPlaybook.analyze(SourceFile(path: "t.scour", text: text), purpose: .execute)
    }

    @Test func anEarlierStepCanBeNamed() throws {
        let loaded = Self.load("""
              run "strip_aliases" { command = "a" }
              run "other" { command = "b" }
              run "reload" {
                when    = step.strip_aliases.changed && !step.other.changed
                command = "systemctl reload nginx # ${step.strip_aliases.changed}"
              }
            """)
        let playbook = try #require(loaded.playbook, "\(loaded.diagnostics)")
        let reload = playbook.steps[2]
        #expect(reload.when == .and(.stepChanged("strip_aliases"), .not(.stepChanged("other"))))
        #expect(reload.when?.words == "step \"strip_aliases\" changed the host and step \"other\" did not change the host")
        var context = EvaluationContext(detected: [], params: [:], host: [:], changed: false)
        #expect(reload.when?.evaluate(in: context) == .bool(false))
        context.recordChange(by: "strip_aliases")
        #expect(context.changed)
        #expect(reload.when?.evaluate(in: context) == .bool(true))
        context.recordChange(by: "other")
        #expect(reload.when?.evaluate(in: context) == .bool(false))
        #expect(reload.when?.isKnownBeforeProbing == false)
        let command = try #require(reload.commandTemplate)
        #expect(command.render(in: context) { $0 } == "systemctl reload nginx # true")
    }

    @Test func laterSelfAndUnknownStepsAreErrorsWithANote() {
        let loaded = Self.load("""
              run "first" {
                when    = step.second.changed || step.first.changed || step.secnd.changed
                command = "a"
              }
              run "second" { command = "b" }
            """)
        #expect(loaded.playbook == nil)
        #expect(loaded.diagnostics.map(\.message) == [
            "step 'second' runs after this one: whether it changed the host is not known yet",
            "a step cannot depend on its own changes",
            "unknown step 'secnd'",
        ])
        #expect(loaded.diagnostics.map { $0.notes.map(\.range?.start.line) } == [[7], [3], [7]])
        #expect(loaded.diagnostics[2].help == "did you mean 'second'?")
        #expect(loaded.diagnostics[2].fixIts.map(\.replacement) == ["second"])
    }

    @Test func aStepWithAMisspeltKeywordIsReportedOnceNotAtEachReference() {
        let loaded = Self.load("""
              remove_flies "backdoors" { paths = ['/opt/explorer.exe'] }
              run "restart" {
                when    = step.backdoors.changed
                command = "systemctl restart apache2"
              }
              run "log" {
                when    = step.backdoors.changed
                command = "logger cleaned"
              }
            """)
        #expect(loaded.playbook == nil)
        #expect(loaded.diagnostics.map(\.message) == ["unknown block 'remove_flies' in playbook"])
        #expect(loaded.diagnostics.first?.help == "did you mean 'remove_files'?")
    }

    @Test func onlyChangedCanBeAskedOfAStep() {
        let loaded = Self.load("""
              run "a" { command = "a" }
              run "b" {
                when    = step.a.chnaged || step.a
                command = "b"
              }
            """)
        #expect(loaded.diagnostics.map(\.message) == ["a step has no 'chnaged': write step.a.changed", "expected step.a.changed"])
        #expect(loaded.diagnostics[0].help == "did you mean 'changed'?")
    }
}
