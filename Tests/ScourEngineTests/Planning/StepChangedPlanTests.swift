import ScourCore
@testable import ScourEngine
import ScourHost
import ScourSyntax
import Testing

/// `step.NAME.changed` in a plan follows the plan itself, as `apply` will evaluate it.
@Suite struct StepChangedPlanTests {
    static let text = """
        playbook "t" {
          platform = linux
          run "strip" {
            command = "strip"
            unless  = "test -e /done"
          }
          run "reload" {
            when    = step.strip.changed
            command = "reload"
          }
          run "report" {
            when    = !step.strip.changed
            command = "report"
          }
        }
        """

    func plan(stripDone: Bool) throws -> [String: StepPlan.Action] {
        let loaded = LoadedPlaybook.analyze(SourceFile(path: "/tmp/t.scour", text: Self.text), purpose: .execute)
        let playbook = try #require(loaded.playbook, "\(loaded.diagnostics)")
        var observation = HostObservation()
        observation.commands["test -e /done"] = stripDone ? 0 : 1
        var plan = HostPlan(name: "h1", address: "10.0.0.1", status: .planned)
        StepDecider(playbook: playbook, params: [:], hostVariables: ["name": "h1", "address": "10.0.0.1"], patchSizes: [:])
            .plan(observation, into: &plan)
        return Dictionary(uniqueKeysWithValues: plan.steps.map { ($0.name, $0.action) })
    }

    @Test func aStepThatWouldChangeTheHostTurnsItsDependentsOn() throws {
        #expect(try plan(stripDone: false) == ["strip": .change, "reload": .change, "report": .skip])
        #expect(try plan(stripDone: true) == ["strip": .ok, "reload": .skip, "report": .change])
    }
}
