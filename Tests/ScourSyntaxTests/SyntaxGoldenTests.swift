import Foundation
import ScourSyntax
import TestSupport
import Testing

/// Every `Golden/NAME.scour` must produce exactly the diagnostics of `Golden/NAME.expected`.
@Suite struct SyntaxGoldenTests {
    /// Kept outside the test target so SwiftPM does not treat them as unhandled resources.
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Golden/Syntax")
    static let goldens = GoldenDiagnostics(directory: directory) { ScourSyntax.parse($0).1 }

    @Test(arguments: GoldenDiagnostics.cases(in: directory))
    func diagnosticsMatch(_ name: String) throws {
        let result = try Self.goldens.check(name)
        #expect(result.actual == result.expected, "golden \(name)")
        #expect(!result.actual.isEmpty, "a syntax golden must report something")
    }

    @Test func enoughGoldens() {
        #expect(GoldenDiagnostics.cases(in: Self.directory).count >= 18)
    }
}
