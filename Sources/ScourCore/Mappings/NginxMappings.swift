import Foundation

/// Removes `location` blocks from an nginx configuration: those whose URL is one of the
/// aliases (`location /c`, `location = /c/`, `location ^~ /c`), regular-expression locations
/// that would serve one (`location ~ ^/c(/|$)`), and, for handlers, regular-expression
/// locations that route the extension (`location ~ \.ida$`). Braces nest; comments and quoted
/// strings never count as braces. The removed block's lines go whole; everything else stays.
enum NginxMappings {
    static func strip(_ text: String, aliases: [String], handlers: [String]) -> MappingEdit {
        let file = ConfigLines(text)
        let tokens = NginxTokens.scan(file)
        let closingBraces = NginxTokens.closingBraces(tokens)
        let regexes = HostRegexMatcher()
        var removeLines = IndexSet()
        var removals: [MappingEdit.Removal] = []
        var undecided: MappingEdit.Undecided?
        // The quoted line, once per line: one line may hold thousands of locations.
        var quoted: (line: Int, text: String)?
        func quote(_ line: Int) -> String {
            if quoted?.line != line { quoted = (line, MappingEdit.excerpt(file.lines[line].text)) }
            return quoted!.text
        }
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            guard token.text == "location", token.isWord, let block = locationBlock(tokens, at: index, closingBraces: closingBraces) else {
                index += 1
                continue
            }
            switch matches(modifier: block.modifier, uri: block.uri, aliases: aliases, handlers: handlers, regexes: regexes) {
            case .matches:
                removeLines.insert(integersIn: token.line...block.closingLine)
                removals.append(.init(line: token.line + 1, what: quote(token.line)))
                index = block.end
                continue
            case .undecided(let why):
                if undecided == nil { undecided = .init(line: token.line + 1, what: quote(token.line), why: why) }
            case .noMatch:
                break
            }
            index += 1
        }
        let kept = file.lines.enumerated().filter { !removeLines.contains($0.offset) }.map(\.element)
        return MappingEdit(original: file, newText: ConfigLines(lines: kept).text, removals: removals,
                           replacements: removeLines.rangeView.map { UnifiedDiff.Replacement(oldLines: $0) }, undecided: undecided)
    }

    private struct LocationBlock {
        var modifier: String?
        var uri: String
        /// 0-based line of the closing brace.
        var closingLine: Int
        /// Token index after the closing brace.
        var end: Int
    }

    /// `location [modifier] uri { … }` starting at token `start`, with its matching brace
    /// (`closingBraces`: found once for the whole file, so unclosed blocks cost no rescans).
    private static func locationBlock(_ tokens: [NginxTokens.Token], at start: Int, closingBraces: [Int: Int]) -> LocationBlock? {
        var cursor = start + 1
        var arguments: [String] = []
        while cursor < tokens.count, !tokens[cursor].isPunctuation("{") {
            guard !tokens[cursor].isPunctuation(";") && !tokens[cursor].isPunctuation("}"), arguments.count < 2 else { return nil }
            arguments.append(tokens[cursor].text)
            cursor += 1
        }
        guard cursor < tokens.count, !arguments.isEmpty, let close = closingBraces[cursor] else { return nil }
        return LocationBlock(modifier: arguments.count == 2 ? arguments[0] : nil, uri: arguments.last!,
                             closingLine: tokens[close].line, end: close + 1)
    }

    private static func matches(modifier: String?, uri: String, aliases: [String], handlers: [String],
                                regexes: HostRegexMatcher) -> HostRegexMatcher.Answer {
        switch modifier {
        case nil, "=", "^~":
            return aliases.contains { URLPath.same(uri, $0) } ? .matches : .noMatch
        case "~", "~*":
            let paths = aliases.flatMap { [$0, $0 + "/"] } + handlers.map { "/default" + $0 }
            return regexes.matchesAny(uri, caseInsensitive: modifier == "~*", paths)
        default:
            return .noMatch
        }
    }
}

/// nginx's lexical level: words, quoted strings, `{`, `}` and `;`, each with its 0-based line;
/// `#` comments dropped.
enum NginxTokens {
    struct Token {
        var text: String
        var line: Int
        var isQuoted: Bool
        var isWord: Bool { !isQuoted && !["{", "}", ";"].contains(text) }
        /// `{`, `}` or `;` as nginx reads them: not inside quotes.
        func isPunctuation(_ character: String) -> Bool { !isQuoted && text == character }
    }

    /// The index of each `{`'s matching `}`, in one pass with a stack (an unclosed `{` has none).
    static func closingBraces(_ tokens: [Token]) -> [Int: Int] {
        var closing: [Int: Int] = [:]
        var open: [Int] = []
        for (index, token) in tokens.enumerated() {
            if token.isPunctuation("{") { open.append(index) }
            if token.isPunctuation("}"), let opening = open.popLast() { closing[opening] = index }
        }
        return closing
    }

    /// On UTF-8 bytes, as nginx reads its files (every delimiter is ASCII): a Character
    /// array per line costs many times more, and a host's file may be 4 MiB.
    static func scan(_ file: ConfigLines) -> [Token] {
        var tokens: [Token] = []
        for (number, line) in file.lines.enumerated() {
            let bytes = Array(line.text.utf8)
            var index = 0
            func token(_ text: some Collection<UInt8>, quoted: Bool = false) {
                tokens.append(Token(text: String(decoding: text, as: UTF8.self), line: number, isQuoted: quoted))
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                    index += 1
                } else if byte == UInt8(ascii: "#") {
                    break
                } else if punctuation.contains(byte) {
                    token(bytes[index...index])
                    index += 1
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    var value: [UInt8] = []
                    index += 1
                    while index < bytes.count, bytes[index] != byte {
                        if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count { index += 1 }
                        value.append(bytes[index])
                        index += 1
                    }
                    token(value, quoted: true)
                    index += 1  // the closing quote
                } else {
                    let start = index
                    while index < bytes.count, !wordEnds.contains(bytes[index]) { index += 1 }
                    token(bytes[start..<index])
                }
            }
        }
        return tokens
    }

    private static let punctuation = Set("{};".utf8)
    private static let wordEnds = Set(" \t\r{};#\"'".utf8)
}
