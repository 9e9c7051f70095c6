import ScourSyntax

/// Readers of attribute values. Each reports a wrong value at its range and returns nil; an
/// `.invalid` expression was already reported by the parser and is skipped silently.
extension AnalysisContext {
    /// A plain string (quoted, raw or heredoc) without interpolation.
    func readString(_ attribute: Attribute, allowEmpty: Bool = false) -> String? {
        readString(attribute.value, what: "'\(attribute.name.name)'", allowEmpty: allowEmpty)
    }

    /// `what` names the value in messages; built only when there is one to report.
    func readString(_ expression: Expression, what: @autoclosure () -> String, allowEmpty: Bool = false) -> String? {
        switch expression.kind {
        case .invalid: return nil
        case .string(let literal):
            guard let value = literal.literalValue else {
                diagnostics.error("\(what()) cannot hold an interpolation", at: expression.range,
                                  help: "paths, patterns and names must be known before any host is contacted")
                return nil
            }
            if !allowEmpty && value.isEmpty {
                diagnostics.error("\(what()) is empty", at: expression.range)
                return nil
            }
            return value
        default:
            expected("a string", for: what(), found: expression)
            return nil
        }
    }

    /// A string whose `${}` interpolations are type-checked (commands, descriptions).
    func readTemplate(_ attribute: Attribute) -> Template? {
        let expression = attribute.value
        guard case .string(let literal) = expression.kind else {
            if expression.kind != .invalid { expected("a string", for: "'\(attribute.name.name)'", found: expression) }
            return nil
        }
        guard let parts = templateParts(of: literal, checking: { expressions.interpolation($0)?.condition }) else { return nil }
        let template = Template(parts: parts)
        if let literal = template.literal, Self.isBlank(literal) {
            diagnostics.error("'\(attribute.name.name)' is empty", at: expression.range)
            return nil
        }
        return template
    }

    /// A string's parts as a template's, each interpolation checked by `check` (which reports
    /// what is wrong and returns nil); nil when one was wrong, after checking them all.
    func templateParts(of literal: StringLiteral, checking check: (Expression) -> Condition?) -> [Template.Part]? {
        var parts: [Template.Part] = []
        var valid = true
        for part in literal.parts {
            switch part {
            case .text(let text): parts.append(.text(text))
            case .interpolation(let inner):
                if let condition = check(inner) { parts.append(.value(condition)) } else { valid = false }
            }
        }
        return valid ? parts : nil
    }

    /// Whether the text is only white space. A printable ASCII byte answers at once; the
    /// Foundation trim, slow on thousands of commands, only decides the rest.
    private static func isBlank(_ text: String) -> Bool {
        if text.utf8.contains(where: { $0 > 0x20 && $0 < 0x80 }) { return false }
        return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    /// A bare word among `choices` (`platform = linux`); a quoted one is accepted with a warning-free fix-it.
    func readKeyword(_ attribute: Attribute, among choices: [String]) -> String? {
        let expression = attribute.value
        let word: String
        switch expression.kind {
        case .invalid: return nil
        case .identifier(let name): word = name
        case .string(let literal) where literal.literalValue != nil:
            word = literal.literalValue!
            if choices.contains(word) {
                diagnostics.error("'\(attribute.name.name)' takes a bare word, not a string", at: expression.range,
                                  help: "write \(word) without quotes", fixIts: [.init(range: expression.range, replacement: word)])
                return nil
            }
        default:
            expected("one of \(BlockReader.list(choices, or: true))", for: "'\(attribute.name.name)'", found: expression)
            return nil
        }
        guard choices.contains(word) else {
            let hint = diagnostics.suggestion(for: word, at: expression.range, among: choices)
            diagnostics.error("'\(word)' is not a valid \(attribute.name.name)", at: expression.range,
                              help: hint.help ?? "expected \(BlockReader.list(choices, or: true))", fixIts: hint.fixIts)
            return nil
        }
        return word
    }

    func readInteger(_ attribute: Attribute, in allowed: ClosedRange<Int>) -> Int? {
        switch attribute.value.kind {
        case .invalid: return nil
        case .number(let value):
            guard let number = Int(exactly: value), allowed.contains(number) else {
                diagnostics.error("'\(attribute.name.name)' must be between \(allowed.lowerBound) and \(allowed.upperBound), not \(value)",
                                  at: attribute.value.range)
                return nil
            }
            return number
        default:
            expected("a whole number", for: "'\(attribute.name.name)'", found: attribute.value)
            return nil
        }
    }

    /// A positive duration (`30s`); zero only where `allowZero`.
    func readDuration(_ attribute: Attribute, allowZero: Bool = false) -> Duration? {
        switch attribute.value.kind {
        case .invalid: return nil
        case .duration(let milliseconds, _):
            guard milliseconds > 0 || (allowZero && milliseconds == 0) else {
                diagnostics.error("'\(attribute.name.name)' must be longer than 0", at: attribute.value.range)
                return nil
            }
            return .milliseconds(milliseconds)
        case .number(let value):
            diagnostics.error("'\(attribute.name.name)' needs a unit", at: attribute.value.range,
                              help: "durations are written 500ms, 30s, 5m or 2h",
                              fixIts: [.init(range: attribute.value.range, replacement: "\(value)s")])
            return nil
        default:
            expected("a duration such as 30s", for: "'\(attribute.name.name)'", found: attribute.value)
            return nil
        }
    }

    /// A count of hosts (`5`) or a percentage (`10%`).
    func readShare(_ expression: Expression, what: String) -> Share? {
        switch expression.kind {
        case .invalid: return nil
        case .number(let value) where value >= 0:
            return .count(Int(value))
        case .percentage(let value) where value >= 0 && value <= 100:
            return .percent(value)
        case .percentage:
            diagnostics.error("\(what) must be a percentage from 0% to 100%", at: expression.range)
            return nil
        default:
            expected("a count or a percentage", for: what, found: expression)
            return nil
        }
    }

    /// A list of plain strings (or, given a `rule`, of strings that may interpolate params and
    /// host variables: `readHostValue`); `[]` is an error unless `allowEmpty`.
    func readStringList(_ attribute: Attribute, allowEmpty: Bool = false, interpolating rule: ValueRule? = nil) -> [String]? {
        guard case .list(let items) = attribute.value.kind else {
            if case .string = attribute.value.kind {
                diagnostics.error("'\(attribute.name.name)' takes a list", at: attribute.value.range,
                                  help: "put it in brackets: [\(source.text(of: attribute.value.range))]",
                                  fixIts: [.init(range: attribute.value.range, replacement: "[\(source.text(of: attribute.value.range))]")])
            } else if attribute.value.kind != .invalid {
                expected("a list of strings", for: "'\(attribute.name.name)'", found: attribute.value)
            }
            return nil
        }
        if items.isEmpty && !allowEmpty {
            diagnostics.error("'\(attribute.name.name)' is empty", at: attribute.value.range)
            return nil
        }
        let what = "an item of '\(attribute.name.name)'"
        let values = items.map { item in rule.map { readHostValue(item, what: what, rule: $0) } ?? readString(item, what: what) }
        guard values.allSatisfy({ $0 != nil }) else { return nil }
        let strings = values.map { $0! }
        // Lists are short: comparing with the earlier items is cheaper than hashing them all.
        var firstIndex: [String: Int] = [:]
        for (index, value) in strings.enumerated() {
            let first = strings.count <= 16
                ? strings[..<index].firstIndex(of: value)
                : firstIndex[value]
            if let first {
                diagnostics.warning("'\(value)' is listed twice", at: items[index].range, notes: [.init("first listed here", range: items[first].range)])
            } else if strings.count > 16 {
                firstIndex[value] = index
            }
        }
        return strings
    }

    /// Reads an attribute that may be absent: nil then. When it is present but invalid, the
    /// value is nil too and `valid` becomes false, so the caller can go on reading (and
    /// reporting) the other attributes before giving up on the block.
    func readOptional<T>(_ attribute: Attribute?, _ valid: inout Bool, _ read: (Attribute) -> T?) -> T? {
        guard let attribute else { return nil }
        let value = read(attribute)
        if value == nil { valid = false }
        return value
    }

    func expected(_ what: String, for name: String, found expression: Expression) {
        diagnostics.error("\(name) must be \(what), found \(expression.kindInWords)", at: expression.range)
    }

    /// A well-formed SHA-256: 64 hexadecimal digits, returned in lowercase.
    func readSHA256(_ attribute: Attribute) -> String? {
        guard let text = readString(attribute) else { return nil }
        if let stray = text.first(where: { !$0.isHexDigit }) {
            diagnostics.error("'\(attribute.name.name)' holds '\(stray)', which is not a hexadecimal digit", at: attribute.value.range,
                              help: "compute it with: sha256sum FILE")
            return nil
        }
        guard text.count == 64 else {
            diagnostics.error("'\(attribute.name.name)' must be 64 hexadecimal digits, found \(text.count)", at: attribute.value.range,
                              help: "compute it with: sha256sum FILE")
            return nil
        }
        return text.lowercased()
    }
}
