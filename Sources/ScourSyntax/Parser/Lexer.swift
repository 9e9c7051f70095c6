/// Turns a byte range of a source file into tokens, collecting comments and reporting
/// lexical errors. Newlines are tokens: they separate attributes.
struct Lexer {
    let file: SourceFile
    private let bytes: [UInt8]
    private(set) var position: Int
    private let end: Int
    private(set) var comments: [Comment] = []
    private(set) var diagnostics: [Diagnostic] = []
    /// Lexing the expression of a `${…}`, where `\"…\"` is a string too (written inside a
    /// `"…"` string, whose own quotes it does not end).
    let insideInterpolation: Bool

    init(file: SourceFile, start: Int = 0, end: Int? = nil, insideInterpolation: Bool = false) {
        self.file = file
        self.bytes = file.bytes
        self.position = start
        self.end = end ?? file.bytes.count
        self.insideInterpolation = insideInterpolation
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        position + ahead < end ? bytes[position + ahead] : nil
    }

    private mutating func error(_ message: String, _ start: Int, _ stop: Int, help: String? = nil) {
        diagnostics.append(.error(message, at: file.range(start, stop), help: help))
    }

    mutating func next() -> Token {
        skipSpaceAndComments()
        let start = position
        guard let byte = peek() else { return Token(kind: .endOfFile, start: end, end: end) }
        position += 1
        let kind: Token.Kind
        switch byte {
        case UInt8(ascii: "\n"): kind = .newline
        case UInt8(ascii: "{"): kind = .leftBrace
        case UInt8(ascii: "}"): kind = .rightBrace
        case UInt8(ascii: "["): kind = .leftBracket
        case UInt8(ascii: "]"): kind = .rightBracket
        case UInt8(ascii: "("): kind = .leftParen
        case UInt8(ascii: ")"): kind = .rightParen
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: "."): kind = .dot
        case UInt8(ascii: ";"): kind = .semicolon
        case UInt8(ascii: "-"): kind = .minus
        case UInt8(ascii: "="): kind = match("=") ? .equal : .equals
        case UInt8(ascii: "!"): kind = match("=") ? .notEqual : .bang
        case UInt8(ascii: ">"): kind = match("=") ? .greaterOrEqual : .greater
        case UInt8(ascii: "<"):
            if peek() == UInt8(ascii: "<"), let next = peek(1),
                next == UInt8(ascii: "-") || next == UInt8(ascii: "'") || next == UInt8(ascii: "\"") || next.isIdentifierStart
            {
                kind = lexHeredoc(start: start)
            } else {
                kind = match("=") ? .lessOrEqual : .less
            }
        case UInt8(ascii: "|"):
            if match("|") {
                kind = .or
            } else {
                error("unexpected '|'", start, position, help: "use '||' for 'or'")
                kind = .invalid
            }
        case UInt8(ascii: "&"):
            if match("&") {
                kind = .and
            } else {
                error("unexpected '&'", start, position, help: "use '&&' for 'and'")
                kind = .invalid
            }
        case UInt8(ascii: "?"):
            if match("?") {
                kind = .coalesce
            } else {
                error("unexpected '?'", start, position, help: "a host variable's default is written host.NAME ?? \"default\"")
                kind = .invalid
            }
        case UInt8(ascii: "\\") where insideInterpolation && peek() == UInt8(ascii: "\""):
            kind = lexEscapedQuoted(start: start)
        case UInt8(ascii: "\""): kind = lexQuoted(start: start)
        case UInt8(ascii: "'"): kind = lexRaw(start: start)
        case _ where byte.isDigit: kind = lexNumber(start: start)
        case _ where byte.isIdentifierStart:
            while let next = peek(), next.isIdentifierContinue { position += 1 }
            kind = .identifier(String(decoding: bytes[start..<position], as: UTF8.self))
        default:
            // Consume a whole UTF-8 scalar so the message shows the character.
            while let next = peek(), next & 0xC0 == 0x80 { position += 1 }
            let character = String(decoding: bytes[start..<position], as: UTF8.self)
            error("unexpected character '\(character)'", start, position)
            kind = .invalid
        }
        return Token(kind: kind, start: start, end: position)
    }

    private mutating func match(_ character: Unicode.Scalar) -> Bool {
        guard peek() == UInt8(ascii: character) else { return false }
        position += 1
        return true
    }

    private mutating func skipSpaceAndComments() {
        while let byte = peek() {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                position += 1
            } else if byte == UInt8(ascii: "#") || (byte == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "/")) {
                let start = position
                while let next = peek(), next != UInt8(ascii: "\n") { position += 1 }
                var stop = position
                while stop > start, bytes[stop - 1] == UInt8(ascii: "\r") || bytes[stop - 1] == UInt8(ascii: " ") {
                    stop -= 1
                }
                comments.append(
                    Comment(text: String(decoding: bytes[start..<stop], as: UTF8.self), range: file.range(start, stop)))
            } else {
                return
            }
        }
    }

    // MARK: Numbers

    private mutating func lexNumber(start: Int) -> Token.Kind {
        while let next = peek(), next.isDigit { position += 1 }
        var isDecimal = false
        if peek() == UInt8(ascii: "."), let next = peek(1), next.isDigit {
            isDecimal = true
            position += 1
            while let next = peek(), next.isDigit { position += 1 }
        }
        let digits = String(decoding: bytes[start..<position], as: UTF8.self)
        let suffixStart = position
        if match("%") { return .percentage(Double(digits) ?? 0) }
        while let next = peek(), next.isIdentifierContinue { position += 1 }
        let suffix = String(decoding: bytes[suffixStart..<position], as: UTF8.self)
        if suffix.isEmpty {
            if isDecimal { return .decimal(Double(digits) ?? 0) }
            guard let value = Int64(digits) else {
                error("number '\(digits)' is too large", start, position)
                return .invalid
            }
            return .integer(value)
        }
        let value = Double(digits) ?? 0
        if let unit = Self.durationUnits[suffix] {
            return scaled(value, unit, start: start).map { .duration(milliseconds: $0) } ?? .invalid
        }
        if let unit = Self.sizeUnits[suffix] {
            return scaled(value, unit, start: start).map { .size(bytes: $0) } ?? .invalid
        }
        let known = Array(Self.durationUnits.keys.sorted()) + Self.sizeUnits.keys.sorted()
        let help =
            DidYouMean.suggest(suffix, among: known).map { "did you mean '\(digits)\($0)'?" }
            ?? "durations take ms, s, m, h; sizes take B, KB, MB, GB, TB, KiB, MiB, GiB, TiB"
        error("unknown unit '\(suffix)' in '\(digits)\(suffix)'", start, position, help: help)
        return .invalid
    }

    private mutating func scaled(_ value: Double, _ unit: Int64, start: Int) -> Int64? {
        let result = value * Double(unit)
        guard result < 9.0e18 else {
            error("literal '\(String(decoding: bytes[start..<position], as: UTF8.self))' is too large", start, position)
            return nil
        }
        return Int64(result.rounded())
    }

    private static let durationUnits: [String: Int64] = ["ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000]
    private static let sizeUnits: [String: Int64] = [
        "B": 1, "KB": 1000, "MB": 1_000_000, "GB": 1_000_000_000,
        "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40, "TB": 1_000_000_000_000,
    ]

    // MARK: Strings

    /// `'...'`: no escapes, no interpolation, one line.
    private mutating func lexRaw(start: Int) -> Token.Kind {
        while let next = peek(), next != UInt8(ascii: "'"), next != UInt8(ascii: "\n") { position += 1 }
        guard peek() == UInt8(ascii: "'") else { return unterminated(start) }
        let text = String(decoding: bytes[(start + 1)..<position], as: UTF8.self)
        position += 1
        return .string([.text(text)], .raw)
    }

    /// `"..."`: escapes and `${expr}` interpolation, one line.
    private mutating func lexQuoted(start: Int) -> Token.Kind {
        // Most strings hold no escape and no interpolation: take them as one slice.
        var scan = position
        while scan < end, bytes[scan] != UInt8(ascii: "\""), bytes[scan] != UInt8(ascii: "\\"),
            bytes[scan] != UInt8(ascii: "$"), bytes[scan] != UInt8(ascii: "\n")
        {
            scan += 1
        }
        if scan < end, bytes[scan] == UInt8(ascii: "\"") {
            let text = String(decoding: bytes[position..<scan], as: UTF8.self)
            position = scan + 1
            return .string([.text(text)], .quoted)
        }
        var segments: [StringSegment] = []
        var text: [UInt8] = []
        var valid = true
        while let byte = peek(), byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\n") {
            if byte == UInt8(ascii: "\\") {
                let escapeStart = position
                position += 1
                if let scalar = lexEscape(escapeStart) {
                    text.append(contentsOf: Array(String(scalar).utf8))
                } else {
                    valid = false
                }
            } else if byte == UInt8(ascii: "$"), peek(1) == UInt8(ascii: "$"), peek(2) == UInt8(ascii: "{") {
                text.append(contentsOf: [UInt8(ascii: "$"), UInt8(ascii: "{")])
                position += 3
            } else if byte == UInt8(ascii: "$"), peek(1) == UInt8(ascii: "{") {
                if !text.isEmpty { segments.append(.text(String(decoding: text, as: UTF8.self))) }
                text = []
                let open = position
                position += 2
                guard let close = findInterpolationEnd(from: position) else {
                    error(
                        "unterminated interpolation", open, open + 2,
                        help: "close it with '}' before the end of the string")
                    skipRestOfString(start)
                    return .invalid
                }
                segments.append(.interpolation(start: open + 2, end: close))
                position = close + 1
            } else {
                text.append(byte)
                position += 1
            }
        }
        guard match("\"") else { return unterminated(start) }
        if !text.isEmpty || segments.isEmpty { segments.append(.text(String(decoding: text, as: UTF8.self))) }
        return valid ? .string(segments, .quoted) : .invalid
    }

    /// `\"…\"` inside an interpolation: literal text up to the next `\"`, as in
    /// `"${host.web_root ?? \"/var/www\"}"` (the unescaped `"/var/www"` means the same).
    private mutating func lexEscapedQuoted(start: Int) -> Token.Kind {
        position += 1  // the quote after the backslash
        let textStart = position
        while position < end, !(bytes[position] == UInt8(ascii: "\\") && peek(1) == UInt8(ascii: "\"")) { position += 1 }
        guard position < end else {
            error("unterminated string", start, start + 2, help: "end it with \\\" inside the interpolation")
            return .invalid
        }
        let text = String(decoding: bytes[textStart..<position], as: UTF8.self)
        position += 2
        return .string([.text(text)], .quoted)
    }

    /// Reports a string not closed on its line and skips the rest of it.
    private mutating func unterminated(_ start: Int) -> Token.Kind {
        error(
            "unterminated string", start, start + 1,
            help: "a string must end on the line it starts; use a <<EOT heredoc for several lines")
        skipRestOfString(start)
        return .invalid
    }

    /// Moves to the end of the line of a broken string starting at `start` — but leaves a
    /// final `}` that closes a `{` opened earlier on the line (`file { path = 'x }`), so one
    /// bad string does not unbalance the file.
    private mutating func skipRestOfString(_ start: Int) {
        var lineStart = start
        while lineStart > 0, bytes[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        var lineEnd = start
        while lineEnd < end, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
        position = lineEnd
        var last = lineEnd
        while last > start, bytes[last - 1] == UInt8(ascii: " ") || bytes[last - 1] == UInt8(ascii: "\r") { last -= 1 }
        let opens = bytes[lineStart..<start].filter { $0 == UInt8(ascii: "{") }.count
        let closes = bytes[lineStart..<start].filter { $0 == UInt8(ascii: "}") }.count
        if last > start + 1, bytes[last - 1] == UInt8(ascii: "}"), opens > closes { position = last - 1 }
    }

    /// The escape after a backslash at `escapeStart`; nil (diagnosed) when unknown.
    private mutating func lexEscape(_ escapeStart: Int) -> Unicode.Scalar? {
        guard let byte = peek(), byte != UInt8(ascii: "\n") else {
            error("unterminated escape sequence", escapeStart, escapeStart + 1)
            return nil
        }
        position += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "$"): return "$"
        case UInt8(ascii: "u"):
            guard match("{") else {
                error("expected '{' after '\\u'", escapeStart, position, help: "write a scalar as \\u{1F600}")
                return nil
            }
            let digitsStart = position
            while let next = peek(), next.isHexDigit { position += 1 }
            let digits = String(decoding: bytes[digitsStart..<position], as: UTF8.self)
            guard match("}"), !digits.isEmpty, digits.count <= 8, let value = UInt32(digits, radix: 16),
                let scalar = Unicode.Scalar(value)
            else {
                error("invalid unicode escape", escapeStart, position, help: "write a scalar as \\u{1F600}")
                return nil
            }
            return scalar
        default:
            while let next = peek(), next & 0xC0 == 0x80 { position += 1 }
            let escape = String(decoding: bytes[escapeStart..<position], as: UTF8.self)
            error(
                "unknown escape sequence '\(escape)'", escapeStart, position,
                help: "valid escapes are \\\" \\\\ \\n \\t \\$ \\u{...}; for backslashes write a raw string: '...'")
            return nil
        }
    }

    /// The offset of the `}` closing an interpolation, skipping nested braces and strings
    /// (`"…"`, `'…'` and `\"…\"`).
    private func findInterpolationEnd(from start: Int) -> Int? {
        var depth = 0
        var index = start
        var quote: UInt8?
        var escapedQuote = false
        while index < end, bytes[index] != UInt8(ascii: "\n") {
            let byte = bytes[index]
            let escapesQuote = byte == UInt8(ascii: "\\") && index + 1 < end && bytes[index + 1] == UInt8(ascii: "\"")
            if escapedQuote {
                if escapesQuote {
                    escapedQuote = false
                    index += 1
                }
            } else if let open = quote {
                if byte == UInt8(ascii: "\\"), open == UInt8(ascii: "\"") {
                    index += 1
                } else if byte == open {
                    quote = nil
                }
            } else if escapesQuote {
                escapedQuote = true
                index += 1
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
            } else if byte == UInt8(ascii: "{") {
                depth += 1
            } else if byte == UInt8(ascii: "}") {
                if depth == 0 { return index }
                depth -= 1
            }
            index += 1
        }
        return nil
    }

    // MARK: Heredocs

    /// `<<EOT` / `<<-EOT` up to a line holding only the delimiter. The text excludes the
    /// final newline; `<<-` removes the common indentation. `<<EOT` interpolates `${expr}` as
    /// a `"…"` string does (and `$${` writes `${`); `<<'EOT'` is literal, as in the shell.
    private mutating func lexHeredoc(start: Int) -> Token.Kind {
        position += 1  // second '<'
        let indented = match("-")
        let doubleQuoted = match("\"")
        let literal = doubleQuoted || match("'")
        let wordStart = position
        while let next = peek(), next.isIdentifierContinue { position += 1 }
        let delimiter = String(decoding: bytes[wordStart..<position], as: UTF8.self)
        let word = delimiter.isEmpty ? "EOT" : delimiter
        // A malformed quote is reported, and the body still skipped up to the delimiter.
        var quoteValid = true
        if doubleQuoted {
            _ = match("\"")
            error(
                "a heredoc delimiter is quoted with single quotes", start, position,
                help: "<<'\(word)' is literal text; <<\(word) interpolates ${...}")
            quoteValid = false
        } else if literal && !match("'") {
            error(
                "unterminated heredoc delimiter: expected ' after '\(delimiter)'", start, position,
                help: "write <<'\(word)' for literal text")
            quoteValid = false
        }
        let wordEnd = position
        while let next = peek(), next == UInt8(ascii: " ") || next == UInt8(ascii: "\t") || next == UInt8(ascii: "\r") {
            position += 1
        }
        guard !delimiter.isEmpty, match("\n") else {
            error("expected a line break after the heredoc delimiter", start, position)
            return .invalid
        }
        var lines: [Range<Int>] = []
        while position < end {
            let lineStart = position
            while let next = peek(), next != UInt8(ascii: "\n") { position += 1 }
            var lineEnd = position
            if lineEnd > lineStart, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
            if isDelimiterLine(lineStart..<lineEnd, delimiter) {
                let closing = position
                let segments = heredocSegments(lines, indented: indented, interpolating: !literal)
                position = closing
                guard let segments, quoteValid else { return .invalid }
                return .string(segments, .heredoc(delimiter: delimiter, indented: indented, literal: literal))
            }
            lines.append(lineStart..<lineEnd)
            _ = match("\n")
        }
        error("unterminated heredoc: no line with '\(delimiter)' alone", start, wordEnd)
        return .invalid
    }

    /// Whether the line holds the delimiter alone (spaces and tabs around it allowed).
    private func isDelimiterLine(_ line: Range<Int>, _ delimiter: String) -> Bool {
        var low = line.lowerBound
        var high = line.upperBound
        while low < high, bytes[low] == UInt8(ascii: " ") || bytes[low] == UInt8(ascii: "\t") { low += 1 }
        while high > low, bytes[high - 1] == UInt8(ascii: " ") || bytes[high - 1] == UInt8(ascii: "\t") { high -= 1 }
        return bytes[low..<high].elementsEqual(delimiter.utf8)
    }

    /// The segments of a heredoc's lines (joined by newlines, the common indentation removed
    /// when `indented`); nil when an interpolation is not closed on its line (diagnosed).
    private mutating func heredocSegments(_ lines: [Range<Int>], indented: Bool, interpolating: Bool) -> [StringSegment]? {
        var indent = 0
        if indented {
            indent =
                lines.compactMap { line -> Int? in
                    let blank = line.firstIndex { bytes[$0] != UInt8(ascii: " ") && bytes[$0] != UInt8(ascii: "\t") }
                    return blank.map { $0 - line.lowerBound }
                }.min() ?? 0
        }
        var segments: [StringSegment] = []
        var text: [UInt8] = []
        var valid = true
        for (number, line) in lines.enumerated() {
            if number > 0 { text.append(UInt8(ascii: "\n")) }
            var index = min(line.lowerBound + indent, line.upperBound)
            while index < line.upperBound {
                let byte = bytes[index]
                guard interpolating, byte == UInt8(ascii: "$"), index + 1 < line.upperBound else {
                    text.append(byte)
                    index += 1
                    continue
                }
                if bytes[index + 1] == UInt8(ascii: "$"), index + 2 < line.upperBound, bytes[index + 2] == UInt8(ascii: "{") {
                    text.append(contentsOf: [UInt8(ascii: "$"), UInt8(ascii: "{")])
                    index += 3
                } else if bytes[index + 1] == UInt8(ascii: "{") {
                    guard let close = findInterpolationEnd(from: index + 2) else {
                        error(
                            "unterminated interpolation", index, index + 2,
                            help: "close it with '}' on the same line; write $${ for a literal '${', or <<'EOT' for a literal heredoc")
                        valid = false
                        break
                    }
                    if !text.isEmpty { segments.append(.text(String(decoding: text, as: UTF8.self))) }
                    text = []
                    segments.append(.interpolation(start: index + 2, end: close))
                    index = close + 1
                } else {
                    text.append(byte)
                    index += 1
                }
            }
        }
        guard valid else { return nil }
        if !text.isEmpty || segments.isEmpty { segments.append(.text(String(decoding: text, as: UTF8.self))) }
        return segments
    }
}

extension String {
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return self[first...last]
    }
}

extension UInt8 {
    var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    var isHexDigit: Bool {
        isDigit || (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "f"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "F"))
    }
    var isIdentifierStart: Bool {
        (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z")) || self == UInt8(ascii: "_")
    }
    var isIdentifierContinue: Bool { isIdentifierStart || isDigit }
}
