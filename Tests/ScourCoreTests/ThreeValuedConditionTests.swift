import ScourSyntax
import Testing
@testable import ScourCore

/// A `when` over a detect block whose answer is unknown: Kleene's three-valued logic, so that
/// what the rest of the condition decides stays decided, and nothing unknown reads as false.
@Suite struct ThreeValuedConditionTests {
    private static let all: [Truth] = [.true, .false, .unknown]

    @Test func not_and_or_follow_kleene() {
        #expect(!Truth.true == .false && !Truth.false == .true && !Truth.unknown == .unknown)
        // Rows: lhs, columns: rhs (true, false, unknown).
        let and: [[Truth]] = [[.true, .false, .unknown], [.false, .false, .false], [.unknown, .false, .unknown]]
        let or: [[Truth]] = [[.true, .true, .true], [.true, .false, .unknown], [.true, .unknown, .unknown]]
        for (i, lhs) in Self.all.enumerated() {
            for (j, rhs) in Self.all.enumerated() {
                #expect((lhs && rhs) == and[i][j], "\(lhs) && \(rhs)")
                #expect((lhs || rhs) == or[i][j], "\(lhs) || \(rhs)")
            }
        }
    }

    private func context(detected: Set<String> = [], unknown: Set<String>, stopWeb: Bool = false) -> EvaluationContext {
        EvaluationContext(detected: detected, params: ["stop_web": .bool(stopWeb)], host: ["role": "web"], changed: false,
                          unknownDetections: unknown)
    }

    @Test func a_condition_on_an_unknown_detect_is_unknown_unless_the_rest_decides() {
        let unknownShell = context(unknown: ["shell"])
        #expect(Condition.detected("shell").truth(in: unknownShell) == .unknown)
        #expect(Condition.not(.detected("shell")).truth(in: unknownShell) == .unknown, "not unknown is not true")
        #expect(Condition.and(.param("stop_web"), .detected("shell")).truth(in: unknownShell) == .false, "false && unknown is false")
        #expect(Condition.and(.detected("shell"), .param("stop_web")).truth(in: unknownShell) == .false)
        #expect(Condition.or(.detected("shell"), .param("stop_web")).truth(in: context(unknown: ["shell"], stopWeb: true)) == .true)
        #expect(Condition.or(.detected("shell"), .param("stop_web")).truth(in: unknownShell) == .unknown)
        #expect(Condition.compare(.equal, .detected("shell"), .literal(.bool(true))).truth(in: unknownShell) == .unknown)
        #expect(Condition.detected("shell").truth(in: context(detected: ["shell"], unknown: [])) == .true)
        #expect(Condition.detected("shell").truth(in: context(unknown: [])) == .false)
        #expect(Condition.detected("shell").evaluate(in: unknownShell) == .bool(false), "a template reads an unknown as false")
    }

    @Test func the_detects_a_condition_reads_are_named_once_in_order() {
        let condition = Condition.or(.and(.detected("b"), .detected("a")), .not(.detected("b")))
        #expect(condition.detectsRead == ["b", "a"])
        #expect(Condition.param("x").detectsRead.isEmpty)
    }
}
