import Testing

@testable import ScourSyntax

/// The heredoc forms: `<<EOT` interpolates like `"…"`, `<<'EOT'` is literal, `$${` is a
/// literal `${` in both interpolating forms; `scour fmt` keeps the form as written.
@Suite struct HeredocTests {
    static func string(_ text: String) -> (StringLiteral?, [Diagnostic]) {
        let (syntax, diagnostics) = parse(SourceFile(path: "t.scour", text: "x = " + text))
        guard case .string(let literal) = syntax.body.attributes.first?.value.kind else { return (nil, diagnostics) }
        return (literal, diagnostics)
    }

    /// The parts as text, each interpolation written back as `${…}` of its source.
    static func shape(_ literal: StringLiteral?, _ source: String) -> [String] {
        let file = SourceFile(path: "t.scour", text: "x = " + source)
        return (literal?.parts ?? []).map { part in
            switch part {
            case .text(let text): "text:" + text
            case .interpolation(let expression): "value:" + file.text(of: expression.range)
            }
        }
    }

    @Test func unquotedDelimiterInterpolates() {
        let source = "<<EOT\nhead -n ${param.max_pages} $x\n${host.name}\nEOT\n"
        let (literal, diagnostics) = Self.string(source)
        #expect(diagnostics.isEmpty)
        #expect(Self.shape(literal, source) == ["text:head -n ", "value:param.max_pages", "text: $x\n", "value:host.name"])
        #expect(literal?.style == .heredoc(delimiter: "EOT", indented: false, literal: false))
    }

    @Test func indentedHeredocStripsIndentationBeforeInterpolating() {
        let source = "<<-EOT\n    a ${param.p}\n      b\n    EOT\n"
        let (literal, diagnostics) = Self.string(source)
        #expect(diagnostics.isEmpty)
        #expect(Self.shape(literal, source) == ["text:a ", "value:param.p", "text:\n  b"])
    }

    @Test(arguments: ["<<'EOT'\n", "<<-'EOT'\n  "])
    func quotedDelimiterIsLiteral(_ opening: String) {
        let indent = opening.hasSuffix("  ") ? "  " : ""
        let source = opening + "echo ${HOME} $${x}\n\(indent)EOT\n"
        let (literal, diagnostics) = Self.string(source)
        #expect(diagnostics.isEmpty)
        #expect(literal?.literalValue == "echo ${HOME} $${x}")
        #expect(literal?.style == .heredoc(delimiter: "EOT", indented: !indent.isEmpty, literal: true))
    }

    @Test(arguments: [
        ("<<EOT\ncp \"$page\" \"$${HOME}/b\" $$ $\nEOT\n", "cp \"$page\" \"${HOME}/b\" $$ $"),
        ("\"a $${b} \\${c} $$\"", "a ${b} ${c} $$"),
    ])
    func doubledDollarWritesALiteralInterpolationOpener(_ source: String, _ value: String) {
        let (literal, diagnostics) = Self.string(source)
        #expect(diagnostics.isEmpty)
        #expect(literal?.literalValue == value)
    }

    @Test(arguments: [
        ("<<EOT\necho ${host.name\nEOT\n", "unterminated interpolation"),
        ("<<EOT\necho ${}\nEOT\n", "empty interpolation"),
        ("<<EOT\necho ${param.a b}\nEOT\n", "unexpected 'b' in interpolation"),
        ("<<'EOT\necho\nEOT\n", "unterminated heredoc delimiter: expected ' after 'EOT'"),
        ("<<\"EOT\"\necho\nEOT\n", "a heredoc delimiter is quoted with single quotes"),
    ])
    func malformedHeredocsAreDiagnosedOnceAndSkipped(_ source: String, _ message: String) {
        let (syntax, diagnostics) = parse(SourceFile(path: "t.scour", text: "x = \(source)y = 1\n"))
        #expect(diagnostics.map(\.message) == [message])
        // The body is skipped up to its delimiter: the next attribute still parses.
        #expect(syntax.body.attributes.map(\.name.name) == ["x", "y"])
    }

    @Test(arguments: [
        "run \"x\" {\n  command = <<EOT\necho ${param.p} $${HOME}\nEOT\n}\n",
        "run \"x\" {\n  command = <<'EOT'\necho ${HOME}\nEOT\n}\n",
        "run \"x\" {\n  command = <<-'EOT'\n    echo ${HOME}\n    EOT\n}\n",
        "run \"x\" {\n  command = <<-EOT\n    echo ${host.name} $${x}\n    EOT\n  unless  = \"test $${y}\"\n}\n",
    ])
    func formatterKeepsTheFormAndRoundTrips(_ text: String) {
        let source = SourceFile(path: "t.scour", text: text)
        let (syntax, diagnostics) = parse(source)
        #expect(diagnostics.isEmpty)
        let formatted = PlaybookFormatter.format(syntax, source: source)
        #expect(formatted == text)
        let again = SourceFile(path: "t.scour", text: formatted)
        #expect(parse(again).0.body.blocks.first?.body.attributes.map(\.value.kind).map(Self.styleAndParts)
            == syntax.body.blocks.first?.body.attributes.map(\.value.kind).map(Self.styleAndParts))
    }

    /// Nothing may follow a heredoc's closing line: in lists, calls and parentheses the comma
    /// or bracket after it goes on the next line (found by the fuzzer).
    @Test(arguments: [
        "paths = [<<EOT\n${param.web_root}/admin.dll\nEOT\n    ]\n",
        "paths = [<<EOT\na\nEOT\n, '/b', <<'EOT'\nc\nEOT\n]\n",
        "installed = command(<<EOT\nx\nEOT\n)\n",
        "when = (<<EOT\nx\nEOT\n== \"x\") && (!<<EOT\ny\nEOT\n.z)\n",
    ])
    func formattedHeredocsInsideExpressionsStillParse(_ text: String) {
        let source = SourceFile(path: "t.scour", text: text)
        let (syntax, diagnostics) = parse(source)
        #expect(diagnostics.isEmpty)
        let formatted = PlaybookFormatter.format(syntax, source: source)
        let again = SourceFile(path: "t.scour", text: formatted)
        let (reparsed, errors) = parse(again)
        #expect(errors.isEmpty, "\(formatted)")
        #expect(PlaybookFormatter.format(reparsed, source: again) == formatted)
    }

    /// A string's style and the count of its parts (ranges differ between two files).
    static func styleAndParts(_ kind: ExpressionKind) -> String {
        guard case .string(let literal) = kind else { return "not a string" }
        return "\(literal.style) \(literal.parts.count)"
    }
}
