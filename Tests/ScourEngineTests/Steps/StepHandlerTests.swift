import ScourCore
import Testing
@testable import ScourEngine

/// Every step kind of the language has the engine's half: a kind without a handler would stop
/// a run the moment a playbook used it.
@Suite struct StepHandlerTests {
    @Test func everyStepKindHasAHandler() {
        let missing = StepKinds.types.filter { !($0 is any StepHandler.Type) }.map { $0.keyword }
        #expect(missing.isEmpty, "step kinds without a StepHandler: \(missing)")
        #expect(StepKinds.keywords.count == Set(StepKinds.keywords).count, "a keyword is declared twice")
    }
}
