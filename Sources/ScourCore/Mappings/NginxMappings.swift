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
        var removeLines = IndexSet()
        var removals: [MappingEdit.Removal] = []
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            guard token.text == "location", token.isWord, let block = locationBlock(tokens, at: index) else {
                index += 1
                continue
            }
            if matches(modifier: block.modifier, uri: block.uri, aliases: aliases, handlers: handlers) {
                removeLines.insert(integersIn: token.line...block.closingLine)
                removals.append(.init(line: token.line + 1, what: file.lines[token.line].text.trimmingCharacters(in: .whitespaces)))
                index = block.end
            } else {
                index += 1
            }
        }
        let kept = file.lines.enumerated().filter { !removeLines.contains($0.offset) }.map(\.element)
        return MappingEdit(newText: ConfigLines(lines: kept).text, removals: removals)
    }

    static func maps(_ text: String, alias: String?, handler: String?) -> Bool {
        strip(text, aliases: alias.map { [$0] } ?? [], handlers: handler.map { [$0] } ?? []).changesSomething
    }

    private struct LocationBlock {
        var modifier: String?
        var uri: String
        /// 0-based line of the closing brace.
        var closingLine: Int
        /// Token index after the closing brace.
        var end: Int
    }

    /// `location [modifier] uri { … }` starting at token `start`, with its matching brace.
    private static func locationBlock(_ tokens: [NginxTokens.Token], at start: Int) -> LocationBlock? {
        var cursor = start + 1
        var arguments: [String] = []
        while cursor < tokens.count, tokens[cursor].text != "{" {
            guard tokens[cursor].text != ";" && tokens[cursor].text != "}" else { return nil }
            arguments.append(tokens[cursor].text)
            cursor += 1
        }
        guard cursor < tokens.count, (1...2).contains(arguments.count) else { return nil }
        var depth = 0
        while cursor < tokens.count {
            if tokens[cursor].text == "{" && !tokens[cursor].isQuoted { depth += 1 }
            if tokens[cursor].text == "}" && !tokens[cursor].isQuoted {
                depth -= 1
                if depth == 0 {
                    return LocationBlock(modifier: arguments.count == 2 ? arguments[0] : nil, uri: arguments.last!,
                                         closingLine: tokens[cursor].line, end: cursor + 1)
                }
            }
            cursor += 1
        }
        return nil
    }

    private static func matches(modifier: String?, uri: String, aliases: [String], handlers: [String]) -> Bool {
        switch modifier {
        case nil, "=", "^~":
            return aliases.contains { URLPath.same(uri, $0) }
        case "~", "~*":
            guard let regex = try? NSRegularExpression(pattern: uri, options: modifier == "~*" ? [.caseInsensitive] : []) else { return false }
            func serves(_ path: String) -> Bool { regex.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil }
            return aliases.contains { serves($0) || serves($0 + "/") } || handlers.contains { serves("/default" + $0) }
        default:
            return false
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
    }

    static func scan(_ file: ConfigLines) -> [Token] {
        var tokens: [Token] = []
        for (number, line) in file.lines.enumerated() {
            var characters = Array(line.text)[...]
            while let first = characters.first {
                if first == " " || first == "\t" || first == "\r" {
                    characters = characters.dropFirst()
                } else if first == "#" {
                    break
                } else if "{};".contains(first) {
                    tokens.append(Token(text: String(first), line: number, isQuoted: false))
                    characters = characters.dropFirst()
                } else if first == "\"" || first == "'" {
                    var value = ""
                    var rest = characters.dropFirst()
                    while let next = rest.first, next != first {
                        if next == "\\", rest.count > 1 { value.append(rest.dropFirst().first!); rest = rest.dropFirst(2); continue }
                        value.append(next)
                        rest = rest.dropFirst()
                    }
                    tokens.append(Token(text: value, line: number, isQuoted: true))
                    characters = rest.dropFirst()
                } else {
                    let word = characters.prefix { !" \t\r{};#\"'".contains($0) }
                    tokens.append(Token(text: String(word), line: number, isQuoted: false))
                    characters = characters.dropFirst(word.count)
                }
            }
        }
        return tokens
    }
}
