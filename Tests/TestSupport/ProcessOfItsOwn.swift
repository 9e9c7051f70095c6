import Foundation
import Testing

/// Runs the calling test's `body` in a test process of its own: this test binary again, told to
/// run this one test. For a measurement of the whole process (its peak resident memory) or of how
/// promptly a wait ends (wall time), which the other suites running beside it in one process
/// blur: they allocate, and they hold the threads of Swift's pool (two on a CI machine) that the
/// test's task must get back to before it can read the clock. The child's outcome is the test's:
/// its failures are reported here, with its output.
public func inProcessOfItsOwn(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
) async throws {
    let id = "\(try #require(Test.current).id)"
    let ran = "ran in a process of its own: \(id)"
    if ProcessInfo.processInfo.environment[childVariable] == id {
        try await body()
        print(ran)
        return
    }
    let child = try await runProcess(
        "/proc/self/exe", ["--testing-library", "swift-testing", "--filter", NSRegularExpression.escapedPattern(for: id)],
        environment: [childVariable: id])
    #expect(child.status == 0 && child.stdout.contains(ran), "the test in a process of its own:\n\(child.stdout)\(child.stderr)",
            sourceLocation: sourceLocation)
}

/// Set in the child to the test it runs.
private let childVariable = "SCOUR_TEST_IN_OWN_PROCESS"
