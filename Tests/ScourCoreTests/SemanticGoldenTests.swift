import Foundation
import ScourCore
import ScourSyntax
import TestSupport
import Testing

/// Every `Golden/Semantic/NAME.scour` must produce exactly the diagnostics (syntax and
/// semantic, as `scour check` reports them) of `NAME.expected`.
@Suite struct SemanticGoldenTests {
    static let golden = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Golden")
    static let directory = golden.appending(path: "Semantic")
    static let goldens = GoldenDiagnostics(directory: directory) { LoadedPlaybook.analyze($0, purpose: .check).diagnostics }

    @Test(arguments: GoldenDiagnostics.cases(in: directory))
    func diagnosticsMatch(_ name: String) throws {
        let result = try Self.goldens.check(name)
        #expect(result.actual == result.expected, "golden \(name)")
        #expect(!result.actual.isEmpty, "a semantic golden must report something")
    }

    @Test func at_least_forty_malformed_playbooks_in_all() {
        let total = GoldenDiagnostics.cases(in: Self.directory).count
            + GoldenDiagnostics.cases(in: Self.golden.appending(path: "Syntax")).count
        #expect(total >= 40, "\(total) goldens")
    }
}
