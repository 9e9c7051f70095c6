/// Recursive-descent parser over `Lexer` tokens. Recovers at line and brace boundaries so one
/// run reports every independent error.
struct Parser {
    private let file: SourceFile
    private var lexer: Lexer
    private var token: Token
    private var diagnostics: [Diagnostic] = []
    /// Nesting of brackets/parentheses: inside them newlines are insignificant.
    private var groupDepth = 0
    /// The attribute just parsed in the current body, to explain a stray word after its value.
    private var previousAttribute: Attribute?
    /// The line of the last location asked for (see `SourceFile.location(ofOffset:lineHint:)`).
    private var lineHint = 0

    init(file: SourceFile, start: Int = 0, end: Int? = nil, insideInterpolation: Bool = false) {
        self.file = file
        self.lexer = Lexer(file: file, start: start, end: end, insideInterpolation: insideInterpolation)
        self.token = Token(kind: .endOfFile, start: start, end: start)
        advance()
    }

    mutating func parseFile() -> (SyntaxFile, [Diagnostic]) {
        let body = parseBody(openBrace: nil)
        let syntax = SyntaxFile(body: body, comments: lexer.comments, range: file.range(0, file.bytes.count))
        let all = (lexer.diagnostics + diagnostics).sorted { $0.range.start < $1.range.start }
        return (syntax, all)
    }

    // MARK: Tokens

    private mutating func advance() {
        token = lexer.next()
        if groupDepth > 0 {
            while token.kind == .newline { token = lexer.next() }
        }
    }

    private mutating func range(_ token: Token) -> SourceRange { range(token.start, token.end) }
    private mutating func range(_ start: Int, _ end: Int) -> SourceRange { file.range(start, end, lineHint: &lineHint) }

    private mutating func error(
        _ message: String, at range: SourceRange, notes: [Diagnostic.Note] = [], help: String? = nil
    ) {
        diagnostics.append(.error(message, at: range, notes: notes, help: help))
    }

    /// Skips to the end of the line or to an unmatched `}` (not consumed), jumping over
    /// balanced braces so a broken block header does not unbalance the file.
    private mutating func recover() {
        var depth = 0
        while true {
            switch token.kind {
            case .endOfFile: return
            case .newline where depth == 0, .semicolon where depth == 0: return
            case .rightBrace where depth == 0: return
            case .leftBrace: depth += 1
            case .rightBrace: depth -= 1
            default: break
            }
            advance()
        }
    }

    /// An empty range just after the last non-blank character (where a missing `}` goes).
    private var endOfText: SourceRange {
        var end = token.start
        while end > 0,
            [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")].contains(
                file.bytes[end - 1])
        { end -= 1 }
        return file.range(end, end)
    }

    // MARK: Structure

    /// Items until `}` (when `openBrace` is set, consumed) or end of file.
    private mutating func parseBody(openBrace: (Token, Identifier)?) -> Body {
        var items: [BodyItem] = []
        let bodyStart = token.start
        previousAttribute = nil
        while true {
            switch token.kind {
            case .newline, .semicolon:
                advance()
            case .endOfFile:
                if let (brace, kind) = openBrace {
                    error(
                        "expected '}' at end of '\(kind.name)' block", at: endOfText,
                        notes: [.init("to match this '{'", range: range(brace))])
                }
                return Body(items: items, range: range(bodyStart, token.start))
            case .rightBrace:
                if openBrace != nil {
                    return Body(items: items, range: range(bodyStart, token.start))
                }
                error("unexpected '}' with no block to close", at: range(token))
                advance()
            case .identifier(let name):
                let identifier = Identifier(name: name, range: range(token))
                advance()
                let item = parseItem(named: identifier)
                if let item { items.append(item) }
                if case .attribute(let attribute) = item { previousAttribute = attribute } else { previousAttribute = nil }
            case .invalid:
                recover()
            default:
                error("expected an attribute or a block, found \(token.kind.description)", at: range(token))
                advance()
                recover()
            }
        }
    }

    private mutating func parseItem(named name: Identifier) -> BodyItem? {
        switch token.kind {
        case .equals:
            advance()
            let value = parseExpression()
            guard isAttributeEnd else {
                if token.kind != .invalid {
                    error(
                        "expected a line break or ';' after the value of '\(name.name)', found \(token.kind.description)",
                        at: range(token))
                }
                recover()
                return .attribute(Attribute(name: name, value: value, range: name.range.union(value.range)))
            }
            return .attribute(Attribute(name: name, value: value, range: name.range.union(value.range)))
        case .string, .leftBrace:
            return parseBlock(kind: name).map(BodyItem.block)
        default:
            if let previous = previousAttribute, previous.range.end.line == name.range.start.line {
                let help =
                    if case .number = previous.value.kind {
                        "a unit follows its number without a space: 30s, 5m, 10%, 512KiB"
                    } else {
                        "put one attribute per line, or separate them with ';'"
                    }
                error("unexpected '\(name.name)' after the value of '\(previous.name.name)'", at: name.range, help: help)
                recover()
                return nil
            }
            let found = token.kind.description
            var help: String?
            if case .identifier = token.kind { help = "block labels are quoted: \(name.name) \"label\" { ... }" }
            error("expected '=' or '{' after '\(name.name)', found \(found)", at: range(token), help: help)
            recover()
            return nil
        }
    }

    /// After a value: a line break, `;`, `}`, end of file, or the next attribute's name.
    private var isAttributeEnd: Bool {
        switch token.kind {
        case .newline, .semicolon, .rightBrace, .endOfFile, .identifier: true
        default: false
        }
    }

    private mutating func parseBlock(kind: Identifier) -> Block? {
        var label: StringLiteral?
        if case .string = token.kind {
            let expression = parsePrimary()
            if case .string(let literal) = expression.kind {
                if case .heredoc = literal.style {
                    error("a block label cannot be a heredoc", at: literal.range)
                }
                label = literal
            }
        }
        guard token.kind == .leftBrace else {
            error(
                "expected '{' after '\(kind.name)\(label == nil ? "" : " \"...\"")', found \(token.kind.description)",
                at: range(token))
            recover()
            return nil
        }
        let brace = token
        advance()
        let body = parseBody(openBrace: (brace, kind))
        let end = token.kind == .rightBrace ? token.end : token.start
        if token.kind == .rightBrace { advance() }
        return Block(kind: kind, label: label, body: body, range: kind.range.union(range(end, end)))
    }

    // MARK: Expressions

    mutating func parseExpression(minimumPrecedence: Int = 1) -> Expression {
        var lhs = parseUnary()
        while let op = token.kind.binaryOperator, op.precedence >= minimumPrecedence {
            let operatorToken = token
            advance()
            if op == .coalesce, !token.kind.beginsValue {
                let found = lexer.insideInterpolation && token.kind == .endOfFile ? "'}'" : token.kind.description
                error("expected a default value after '??', found \(found)", at: range(token),
                      notes: [.init("the '??' is here", range: range(operatorToken))],
                      help: "for example host.web_root ?? \"/var/www/html\"")
                lhs = Expression(.invalid, range: lhs.range.union(range(operatorToken)))
                continue
            }
            let rhs = parseExpression(minimumPrecedence: op.precedence + 1)
            lhs = Expression(.binary(op, lhs, rhs), range: lhs.range.union(rhs.range))
        }
        return lhs
    }

    private mutating func parseUnary() -> Expression {
        let start = token
        let op: UnaryOperator
        switch token.kind {
        case .bang: op = .not
        case .minus: op = .negate
        default: return parsePostfix()
        }
        advance()
        let operand = parseUnary()
        return Expression(.unary(op, operand), range: range(start).union(operand.range))
    }

    private mutating func parsePostfix() -> Expression {
        var expression = parsePrimary()
        while token.kind == .dot {
            advance()
            guard case .identifier(let name) = token.kind else {
                error("expected a name after '.', found \(token.kind.description)", at: range(token))
                return Expression(.invalid, range: expression.range)
            }
            let member = Identifier(name: name, range: range(token))
            advance()
            expression = Expression(
                .member(base: expression, name: member), range: expression.range.union(member.range))
        }
        return expression
    }

    private mutating func parsePrimary() -> Expression {
        let current = token
        let here = range(current)
        switch current.kind {
        case .integer(let value):
            advance()
            return Expression(.number(value), range: here)
        case .decimal(let value):
            advance()
            return Expression(.decimal(value), range: here)
        case .percentage(let value):
            advance()
            return Expression(.percentage(value), range: here)
        case .duration(let milliseconds):
            advance()
            return Expression(.duration(milliseconds: milliseconds, text: file.text(of: here)), range: here)
        case .size(let bytes):
            advance()
            return Expression(.size(bytes: bytes, text: file.text(of: here)), range: here)
        case .string(let segments, let style):
            advance()
            return Expression(.string(stringLiteral(segments, style, here)), range: here)
        case .identifier(let name):
            advance()
            if name == "true" || name == "false" { return Expression(.bool(name == "true"), range: here) }
            if token.kind == .leftParen { return parseCall(Identifier(name: name, range: here)) }
            return Expression(.identifier(name), range: here)
        case .leftBracket:
            return parseList()
        case .leftParen:
            groupDepth += 1
            advance()
            let inner = parseExpression()
            groupDepth -= 1
            let end = expect(.rightParen, closing: current, what: "parenthesized expression")
            return Expression(.parenthesized(inner), range: here.union(end))
        case .invalid:
            advance()
            return Expression(.invalid, range: here)
        default:
            error("expected a value, found \(current.kind.description)", at: here)
            return Expression(.invalid, range: range(current.start, current.start))
        }
    }

    private mutating func parseCall(_ name: Identifier) -> Expression {
        let open = token
        let (arguments, end) = parseSequence(closing: .rightParen, open: open, what: "argument list")
        return Expression(.call(name: name, arguments: arguments), range: name.range.union(end))
    }

    private mutating func parseList() -> Expression {
        let open = token
        let (elements, end) = parseSequence(closing: .rightBracket, open: open, what: "list")
        return Expression(.list(elements), range: range(open).union(end))
    }

    /// Comma-separated expressions after `open` up to `closing`; a trailing comma is allowed.
    private mutating func parseSequence(closing: Token.Kind, open: Token, what: String) -> ([Expression], SourceRange) {
        groupDepth += 1
        advance()
        var elements: [Expression] = []
        while token.kind != closing, token.kind != .endOfFile, token.kind != .rightBrace {
            let element = parseExpression()
            elements.append(element)
            if token.kind == .comma {
                advance()
            } else if token.kind != closing {
                if case .invalid = element.kind {
                } else if token.kind != .rightBrace, token.kind != .endOfFile {
                    error(
                        "expected ',' or \(closing.description) in \(what), found \(token.kind.description)",
                        at: range(token))
                }
                // Skip to the closing token or the end of the enclosing block.
                while token.kind != closing, token.kind != .endOfFile, token.kind != .rightBrace { advance() }
            }
        }
        groupDepth -= 1
        return (elements, expect(closing, closing: open, what: what))
    }

    /// Consumes `kind` or reports it missing with a note at the opening token.
    private mutating func expect(_ kind: Token.Kind, closing open: Token, what: String) -> SourceRange {
        let here = range(token)
        if token.kind == kind {
            advance()
            return here
        }
        error(
            "expected \(kind.description) to end the \(what), found \(token.kind.description)", at: here,
            notes: [.init("to match this \(open.kind.description)", range: range(open))])
        return range(token.start, token.start)
    }

    // MARK: Strings

    private mutating func stringLiteral(_ segments: [StringSegment], _ style: StringLiteral.Style, _ range: SourceRange)
        -> StringLiteral
    {
        let parts: [StringLiteral.Part] = segments.map { segment in
            switch segment {
            case .text(let text):
                return .text(text)
            case .interpolation(let start, let end):
                var inner = Parser(file: file, start: start, end: end, insideInterpolation: true)
                inner.groupDepth = 1
                let expression: Expression
                if inner.token.kind == .endOfFile {
                    inner.error("empty interpolation", at: file.range(start - 2, end + 1))
                    expression = Expression(.invalid, range: file.range(start, end))
                } else {
                    expression = inner.parseExpression()
                    if inner.token.kind != .endOfFile {
                        inner.error(
                            "unexpected \(inner.token.kind.description) in interpolation", at: inner.range(inner.token))
                    }
                }
                diagnostics += inner.lexer.diagnostics + inner.diagnostics
                return .interpolation(expression)
            }
        }
        return StringLiteral(parts: parts, style: style, range: range)
    }
}
