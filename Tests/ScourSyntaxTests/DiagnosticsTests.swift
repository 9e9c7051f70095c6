import Foundation
import Testing

@testable import ScourSyntax

@Suite struct DiagnosticsTests {
    static let source = SourceFile(
        path: "Playbooks/x.scour", text: "playbook \"p\" {\n    pahts = ['/opt/explorer.exe']\n}\n")
    static var diagnostic: Diagnostic {
        let range = source.range(19, 24)
        return .error(
            "unknown attribute 'pahts' in remove_files", at: range,
            notes: [.init("block starts here", range: source.range(0, 8))],
            help: "did you mean 'paths'?",
            fixIts: [.init(range: range, replacement: "paths")])
    }

    @Test func rendersLikeACompiler() {
        let text = DiagnosticRenderer(sources: [Self.source]).render(Self.diagnostic)
        #expect(
            text == """
                Playbooks/x.scour:2:5: error: unknown attribute 'pahts' in remove_files
                    2 |     pahts = ['/opt/explorer.exe']
                      |     ^~~~~
                Playbooks/x.scour:1:1: note: block starts here
                    1 | playbook "p" {
                      | ^~~~~~~~
                      = help: did you mean 'paths'?
                """)
    }

    @Test func coloursOnlyWhenAsked() {
        #expect(!DiagnosticRenderer(sources: [Self.source]).render(Self.diagnostic).contains("\u{1B}["))
        #expect(
            DiagnosticRenderer(sources: [Self.source], colors: true).render(Self.diagnostic).contains(
                "\u{1B}[1;31merror"))
    }

    @Test func jsonHasFlatLocations() throws {
        let json = DiagnosticRenderer.json([Self.diagnostic])
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let object = try #require(objects.first)
        #expect(object["file"] as? String == "Playbooks/x.scour")
        #expect(object["line"] as? Int == 2)
        #expect(object["column"] as? Int == 5)
        #expect(object["endColumn"] as? Int == 10)
        #expect(object["severity"] as? String == "error")
        #expect(object["help"] as? String == "did you mean 'paths'?")
        let fixIt = try #require((object["fixIts"] as? [[String: Any]])?.first)
        #expect(fixIt["replacement"] as? String == "paths")
        #expect((object["notes"] as? [[String: Any]])?.first?["line"] as? Int == 1)
    }

    @Test(
        arguments: [
            ("pahts", ["paths", "mode", "when"], "paths"),
            ("whne", ["paths", "when"], "when"),
            ("detetc", ["detect", "run"], "detect"),
            ("xyz", ["paths", "when"], nil),
        ] as [(String, [String], String?)])
    func didYouMean(_ word: String, _ candidates: [String], _ expected: String?) {
        #expect(DidYouMean.suggest(word, among: candidates) == expected)
    }
}
