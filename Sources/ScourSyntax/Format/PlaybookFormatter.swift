/// Canonical layout for playbooks: 2-space indentation, `=` aligned within a run of
/// consecutive attributes, block heads aligned within a run of one-line blocks, at most one
/// blank line between items, comments kept where they were, literals as written.
/// `format(parse(format(x)))` equals `format(x)`.
public enum PlaybookFormatter {
    /// Formats a file parsed without errors (with errors, the output drops what recovery skipped).
    public static func format(_ file: SyntaxFile, source: SourceFile) -> String {
        var printer = Printer(source: source, comments: file.comments)
        printer.body(file.body.items, startLine: 0, endLine: source.lineCount + 1, indent: 0)
        var output = printer.lines.joined(separator: "\n")
        while output.hasSuffix("\n") { output.removeLast() }
        return output.isEmpty ? "" : output + "\n"
    }
}

/// Builds the formatted lines; consumes comments as it passes their lines.
private struct Printer {
    let source: SourceFile
    var comments: [Comment]
    var nextComment = 0
    var lines: [String] = []

    init(source: SourceFile, comments: [Comment]) {
        self.source = source
        self.comments = comments
    }

    // MARK: Layout

    /// Items of a body whose braces (or file start/end) are on `startLine`/`endLine`.
    mutating func body(_ items: [BodyItem], startLine: Int, endLine: Int, indent: Int) {
        var index = 0
        var previousEndLine: Int?
        while index < items.count {
            let item = items[index]
            trivia(
                from: previousEndLine ?? startLine, to: item.range.start.line, indent: indent,
                blankFirst: previousEndLine != nil, blankLast: true)
            let run = Array(self.run(items, from: index))
            switch item {
            case .attribute:
                let width =
                    run.map { if case .attribute(let attribute) = $0 { attribute.name.name.count } else { 0 } }.max()
                    ?? 0
                for (offset, member) in run.enumerated() {
                    guard case .attribute(let attribute) = member else { continue }
                    if offset > 0 { between(run[offset - 1], attribute.range, indent: indent) }
                    emitAttribute(attribute, indent: indent, nameWidth: width)
                }
            case .block(let block) where isOneLine(block):
                let heads = run.map { if case .block(let block) = $0 { head(block) } else { "" } }
                let width = heads.map(\.count).max() ?? 0
                for (offset, member) in run.enumerated() {
                    guard case .block(let block) = member else { continue }
                    if offset > 0 { between(run[offset - 1], block.range, indent: indent) }
                    let pad = String(repeating: " ", count: width - heads[offset].count)
                    let inner = block.body.attributes.map { "\($0.name.name) = \(expression($0.value))" }.joined(
                        separator: "  ")
                    let text = inner.isEmpty ? "\(heads[offset])\(pad) {}" : "\(heads[offset])\(pad) { \(inner) }"
                    emit(text, indent: indent, endLine: block.range.end.line)
                }
            case .block(let block):
                emit("\(head(block)) {", indent: indent, endLine: block.kind.range.start.line)
                body(
                    block.body.items, startLine: block.kind.range.start.line, endLine: block.range.end.line,
                    indent: indent + 2)
                emit("}", indent: indent, endLine: block.range.end.line)
            }
            previousEndLine = items[index + run.count - 1].range.end.line
            index += run.count
        }
        trivia(
            from: previousEndLine ?? startLine, to: endLine, indent: indent, blankFirst: previousEndLine != nil,
            blankLast: false)
    }

    private mutating func between(_ previous: BodyItem, _ next: SourceRange, indent: Int) {
        trivia(from: previous.range.end.line, to: next.start.line, indent: indent, blankFirst: true, blankLast: true)
    }

    /// The items from `index` formatted together: consecutive attributes, or consecutive
    /// one-line blocks, with no blank line between; a multi-line block alone.
    private func run(_ items: [BodyItem], from index: Int) -> ArraySlice<BodyItem> {
        var end = index + 1
        func kind(_ item: BodyItem) -> Int {
            switch item {
            case .attribute: 0
            case .block(let block): isOneLine(block) ? 1 : 2
            }
        }
        let first = kind(items[index])
        guard first != 2 else { return items[index..<end] }
        while end < items.count, kind(items[end]) == first,
            !hasBlankLine(from: items[end - 1].range.end.line, to: items[end].range.start.line)
        {
            end += 1
        }
        return items[index..<end]
    }

    private func isOneLine(_ block: Block) -> Bool {
        block.range.start.line == block.range.end.line && block.body.blocks.isEmpty
            && !comments.contains {
                $0.range.start.line == block.range.start.line && $0.range.start.offset < block.range.end.offset
            }
    }

    private func head(_ block: Block) -> String {
        block.label.map { "\(block.kind.name) \(source.text(of: $0.range))" } ?? block.kind.name
    }

    private mutating func emitAttribute(_ attribute: Attribute, indent: Int, nameWidth: Int) {
        let name = attribute.name.name + String(repeating: " ", count: nameWidth - attribute.name.name.count)
        let value = attribute.value
        if case .list(let elements) = value.kind, value.range.start.line != value.range.end.line, !elements.isEmpty {
            emit("\(name) = [", indent: indent, endLine: value.range.start.line)
            var previousLine = value.range.start.line
            for (index, element) in elements.enumerated() {
                trivia(
                    from: previousLine, to: element.range.start.line, indent: indent + 2, blankFirst: false,
                    blankLast: false)
                if endsWithHeredoc(element) {
                    // Nothing may follow a heredoc's closing line: its comma goes on the next line.
                    emit(expression(element), indent: indent + 2, endLine: element.range.end.line)
                    if index < elements.count - 1 { emit(",", indent: indent + 2, endLine: element.range.end.line) }
                } else {
                    emit(expression(element) + ",", indent: indent + 2, endLine: element.range.end.line)
                }
                previousLine = element.range.end.line
            }
            trivia(
                from: previousLine, to: value.range.end.line, indent: indent + 2, blankFirst: false, blankLast: false)
            emit("]", indent: indent, endLine: value.range.end.line)
        } else {
            emit("\(name) = \(expression(value))", indent: indent, endLine: value.range.end.line)
        }
    }

    // MARK: Lines and comments

    /// Appends a line, with the trailing comment of source line `endLine` if there is one
    /// (kept at its original column when that is past the text).
    /// Comments inside a multi-line expression (which is printed on one line) go above it,
    /// so no comment is ever lost.
    private mutating func emit(_ text: String, indent: Int, endLine: Int) {
        while nextComment < comments.count, comments[nextComment].range.start.line < endLine {
            lines.append(String(repeating: " ", count: indent) + comments[nextComment].text)
            nextComment += 1
        }
        var line = String(repeating: " ", count: indent) + text
        if nextComment < comments.count, comments[nextComment].range.start.line == endLine,
            !isWholeLine(comments[nextComment])
        {
            let comment = comments[nextComment]
            nextComment += 1
            let column = comment.range.start.column - 1
            line += String(repeating: " ", count: max(1, column - line.count)) + comment.text
        }
        lines.append(line)
    }

    /// The comments and blank lines strictly between source lines `from` and `to`: comments
    /// re-indented, runs of blank lines collapsed to one. A blank line is kept before the first
    /// comment only with `blankFirst`, after the last only with `blankLast`.
    mutating func trivia(from: Int, to: Int, indent: Int, blankFirst: Bool, blankLast: Bool) {
        var pendingBlank = false
        var emittedAny = false
        var line = from + 1
        while line < to, line <= source.lineCount {
            if nextComment < comments.count, comments[nextComment].range.start.line == line {
                if pendingBlank && (emittedAny || blankFirst) { lines.append("") }
                lines.append(String(repeating: " ", count: indent) + comments[nextComment].text)
                nextComment += 1
                emittedAny = true
                pendingBlank = false
            } else if lineIsBlank(line) {
                pendingBlank = true
            }
            line += 1
        }
        if pendingBlank && blankLast && (emittedAny || blankFirst) { lines.append("") }
    }

    private func isWholeLine(_ comment: Comment) -> Bool {
        source.lineText(comment.range.start.line).trimmingSpaces.utf8.count == comment.text.utf8.count
    }

    private func lineIsBlank(_ line: Int) -> Bool { source.lineText(line).trimmingSpaces.isEmpty }

    /// Whether a blank line lies strictly between two source lines.
    private func hasBlankLine(from endLine: Int, to startLine: Int) -> Bool {
        guard startLine - endLine > 1 else { return false }
        return (endLine + 1..<startLine).contains { lineIsBlank($0) }
    }

    // MARK: Expressions

    /// One-line canonical text: literals as written, single spaces around binary operators.
    private func expression(_ expression: Expression) -> String {
        switch expression.kind {
        case .string, .number, .decimal, .percentage, .duration, .size, .bool, .identifier, .invalid:
            source.text(of: expression.range)
        case .member(let base, let name):
            self.expression(base) + (endsWithHeredoc(base) ? "\n." : ".") + name.name
        case .call(let name, let arguments):
            name.name + "(" + sequence(arguments) + ")"
        case .list(let elements):
            "[" + sequence(elements) + "]"
        case .unary(let op, let operand):
            op.rawValue + self.expression(operand)
        case .binary(let op, let lhs, let rhs):
            self.expression(lhs) + (endsWithHeredoc(lhs) ? "\n" : " ") + op.rawValue + " " + self.expression(rhs)
        case .parenthesized(let inner):
            "(" + self.expression(inner) + (endsWithHeredoc(inner) ? "\n)" : ")")
        }
    }

    /// Elements separated by ", "; after a heredoc, whose closing line must stand alone, the
    /// separator or the closing bracket starts a new line.
    private func sequence(_ elements: [Expression]) -> String {
        var text = ""
        for (index, element) in elements.enumerated() {
            if index > 0 { text += endsWithHeredoc(elements[index - 1]) ? "\n, " : ", " }
            text += expression(element)
        }
        if let last = elements.last, endsWithHeredoc(last) { text += "\n" }
        return text
    }

    /// Whether the printed expression ends with a heredoc's closing line, after which nothing
    /// may follow on that line.
    private func endsWithHeredoc(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .string(let literal): if case .heredoc = literal.style { true } else { false }
        case .unary(_, let operand): endsWithHeredoc(operand)
        case .binary(_, _, let rhs): endsWithHeredoc(rhs)
        default: false
        }
    }
}
