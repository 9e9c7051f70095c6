import Testing

@testable import ScourSyntax

/// `host.X ?? default` and `step.NAME.changed`: how they lex, parse, recover and format.
@Suite struct DefaultAndStepSyntaxTests {
    static func value(_ expression: String) -> (Expression, [Diagnostic]) {
        let source = SourceFile(path: "t.scour", text: "when = \(expression)\n")
        let (syntax, diagnostics) = parse(source)
        return (syntax.body.attributes[0].value, diagnostics)
    }

    static func stripped(_ expression: Expression) -> String {
        switch expression.kind {
        case .identifier(let name): name
        case .member(let base, let name): stripped(base) + "." + name.name
        case .string(let literal): "'" + (literal.literalValue ?? "…") + "'"
        case .number(let value): String(value)
        case .binary(let op, let lhs, let rhs): "(" + stripped(lhs) + " " + op.rawValue + " " + stripped(rhs) + ")"
        case .invalid: "<invalid>"
        default: "?"
        }
    }

    @Test func defaultBindsTighterThanComparison() {
        let (value, diagnostics) = Self.value(#"host.role ?? "web" == "web" && host.port ?? 22 > 10"#)
        #expect(diagnostics.isEmpty)
        #expect(Self.stripped(value) == "(((host.role ?? 'web') == 'web') && ((host.port ?? 22) > 10))")
    }

    @Test func stepChangedIsAMemberChain() {
        let (value, diagnostics) = Self.value("!step.strip_aliases.changed")
        #expect(diagnostics.isEmpty)
        guard case .unary(.not, let operand) = value.kind else { Issue.record("\(value.kind)"); return }
        #expect(Self.stripped(operand) == "step.strip_aliases.changed")
    }

    @Test func interpolationTakesPlainAndEscapedQuotes() throws {
        for text in [#""${host.web_root ?? "/var/www"}/x""#, #""${host.web_root ?? \"/var/www\"}/x""#] {
            let (value, diagnostics) = Self.value(text)
            #expect(diagnostics.isEmpty, "\(text): \(diagnostics)")
            guard case .string(let literal) = value.kind, case .interpolation(let inner) = literal.parts[0] else {
                Issue.record("\(value.kind)")
                continue
            }
            #expect(Self.stripped(inner) == "(host.web_root ?? '/var/www')")
            #expect(literal.parts[1] == .text("/x"))
        }
    }

    @Test func escapedQuoteInInterpolationOfAHeredoc() {
        let source = SourceFile(path: "t.scour", text: "c = <<EOT\ncd ${host.root ?? \\\"/srv\\\"} && ls\nEOT\n")
        let (syntax, diagnostics) = parse(source)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        guard case .string(let literal) = syntax.body.attributes[0].value.kind, literal.parts.count == 3,
            case .interpolation(let inner) = literal.parts[1]
        else { Issue.record("\(syntax.body.attributes[0].value.kind)"); return }
        #expect(Self.stripped(inner) == "(host.root ?? '/srv')")
    }

    @Test func escapedQuoteOutsideAnInterpolationIsStillAnError() {
        let (_, diagnostics) = Self.value(#"host.x ?? \"a\""#)
        #expect(diagnostics.first?.message == "unexpected character '\\'")
    }

    @Test func missingDefaultIsOneErrorAndParsingGoesOn() {
        let (value, diagnostics) = Self.value("host.x ?? || changed")
        #expect(diagnostics.map(\.message) == ["expected a default value after '??', found '||'"])
        #expect(diagnostics.first?.notes.map(\.message) == ["the '??' is here"])
        #expect(Self.stripped(value) == "(<invalid> || changed)")
        #expect(Self.value("host.x ??").1.map(\.message) == ["expected a default value after '??', found end of line"])
    }

    @Test func singleQuestionMarkIsExplained() {
        let (_, diagnostics) = Self.value(#"host.x ? "a""#)
        #expect(diagnostics.first?.message == "unexpected '?'")
        #expect(diagnostics.first?.help == #"a host variable's default is written host.NAME ?? "default""#)
    }

    @Test func formatterKeepsDefaultsAndStepReferences() {
        let input = """
            run "r" {
              when    = host.role??"web"=="web" &&   step.a.changed
              command = "echo ${host.root ?? \\"/srv\\"} ${host.port??22}"
            }

            """
        let expected = """
            run "r" {
              when    = host.role ?? "web" == "web" && step.a.changed
              command = "echo ${host.root ?? \\"/srv\\"} ${host.port??22}"
            }

            """
        let source = SourceFile(path: "t.scour", text: input)
        let (syntax, diagnostics) = parse(source)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let formatted = PlaybookFormatter.format(syntax, source: source)
        #expect(formatted == expected)
        let again = SourceFile(path: "t.scour", text: formatted)
        #expect(PlaybookFormatter.format(parse(again).0, source: again) == formatted)
    }
}
