import Foundation
import Testing

@testable import ScourSyntax

@Suite struct ParserTests {
    @Test func parsesNestedBlocksAndExpressions() throws {
        let source = SourceFile(
            path: "x.scour",
            text: """
                playbook "p" {
                  platform = linux
                  file    { path = '/opt/x'  sha256 = "ab${param.x}c" }
                  when = detected.a && !(param.b || changed) == true
                  waves = [1, 10%,
                    100%,]
                  pause = 30s
                  size = 10MiB
                  installed = package("apache2", ">= 2.4.62")
                }
                """)
        let (syntax, diagnostics) = parse(source)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let playbook = try #require(syntax.body.blocks.first)
        #expect(playbook.kind.name == "playbook")
        #expect(playbook.label?.literalValue == "p")
        #expect(
            playbook.body.attributes.map(\.name.name) == ["platform", "when", "waves", "pause", "size", "installed"])
        let fileBlock = playbook.body.blocks[0]
        #expect(fileBlock.body.attributes.map(\.name.name) == ["path", "sha256"])
        #expect(playbook.body.attributes[3].value.kind == .duration(milliseconds: 30_000, text: "30s"))
        #expect(playbook.body.attributes[4].value.kind == .size(bytes: 10 * 1_048_576, text: "10MiB"))
    }

    @Test func rendersDiagnostic() {
        let source = SourceFile(path: "x.scour", text: "a {\n  b c\n}\n")
        let (_, diagnostics) = parse(source)
        let text = DiagnosticRenderer(sources: [source]).render(diagnostics)
        #expect(
            text == """
                x.scour:2:5: error: expected '=' or '{' after 'b', found 'c'
                    2 |   b c
                      |     ^
                      = help: block labels are quoted: b "label" { ... }

                """)
    }
}
