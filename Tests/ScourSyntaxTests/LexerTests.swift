import Testing

@testable import ScourSyntax

@Suite struct LexerTests {
    static func kinds(_ text: String) -> ([Token.Kind], [Diagnostic]) {
        var lexer = Lexer(file: SourceFile(path: "t.scour", text: text))
        var kinds: [Token.Kind] = []
        while true {
            let token = lexer.next()
            if token.kind == .endOfFile { break }
            kinds.append(token.kind)
        }
        return (kinds, lexer.diagnostics)
    }

    @Test(arguments: [
        ("42", Token.Kind.integer(42)),
        ("2.5", .decimal(2.5)),
        ("10%", .percentage(10)),
        ("500ms", .duration(milliseconds: 500)),
        ("30s", .duration(milliseconds: 30_000)),
        ("5m", .duration(milliseconds: 300_000)),
        ("2h", .duration(milliseconds: 7_200_000)),
        ("512KiB", .size(bytes: 524_288)),
        ("10MB", .size(bytes: 10_000_000)),
        ("'C:\\inetpub\\x'", .string([.text("C:\\inetpub\\x")], .raw)),
        ("\"a\\tb\\\"\\u{1F600}\"", .string([.text("a\tb\"😀")], .quoted)),
        ("<=", .lessOrEqual),
        ("&&", .and),
    ])
    func singleTokens(_ text: String, _ expected: Token.Kind) {
        let (kinds, diagnostics) = Self.kinds(text)
        #expect(kinds == [expected])
        #expect(diagnostics.isEmpty)
    }

    @Test func commentsAreCollectedNotTokens() {
        var lexer = Lexer(file: SourceFile(path: "t.scour", text: "a # one\n// two\nb"))
        var kinds: [Token.Kind] = []
        while case let token = lexer.next(), token.kind != .endOfFile { kinds.append(token.kind) }
        #expect(kinds == [.identifier("a"), .newline, .newline, .identifier("b")])
        #expect(lexer.comments.map(\.text) == ["# one", "// two"])
    }

    @Test func interpolationSegmentsPointAtTheirSource() {
        let (kinds, _) = Self.kinds("\"x${host.name}y\"")
        #expect(kinds == [.string([.text("x"), .interpolation(start: 4, end: 13), .text("y")], .quoted)])
    }

    @Test func heredocsSpanLinesAndStripIndentation() {
        let (plain, _) = Self.kinds("<<EOT\n  a\n  b\nEOT\n")
        #expect(plain.first == .string([.text("  a\n  b")], .heredoc(delimiter: "EOT", indented: false, literal: false)))
        let (indented, _) = Self.kinds("<<-EOT\n    a\n      b\n  EOT")
        #expect(indented.first == .string([.text("a\n  b")], .heredoc(delimiter: "EOT", indented: true, literal: false)))
    }

    @Test(arguments: ["\"open", "'open", "30sec", "\"\\q\"", "@", "a | b", "\"\\u{110000}\""])
    func malformedInputIsDiagnosed(_ text: String) {
        let (kinds, diagnostics) = Self.kinds(text)
        #expect(kinds.contains(.invalid))
        #expect(diagnostics.count == 1)
    }

    @Test func columnsCountCharacters() {
        let file = SourceFile(path: "t.scour", text: "é = 'ü'\nx")
        let location = file.location(ofOffset: Array("é = ".utf8).count)
        #expect(location == SourceLocation(offset: 5, line: 1, column: 5))
        #expect(file.location(ofOffset: file.bytes.count - 1).line == 2)
    }
}
