import Foundation

/// One line of an ssh_config file split as OpenSSH splits it (readconf.c): the keyword ends at
/// blanks or a single `=`; the arguments are words separated by blanks, grouped by `"…"` or
/// `'…'`, with `\"`, `\'`, `\\` (and `\ ` outside quotes) escaping; a word starting with `#`
/// ends the line.
struct SSHConfigLine {
    var keyword: String
    var arguments: [String]
    /// The text after the keyword, as written (ProxyCommand keeps it whole).
    var rest: String

    /// Nil for a blank or comment line.
    static func split(_ text: String, at location: SSHConfigLocation) throws -> SSHConfigLine? {
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
        guard let end = line.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == "=" }) else {
            return SSHConfigLine(keyword: line, arguments: [], rest: "")
        }
        var rest = Substring(line[end...]).drop { $0 == " " || $0 == "\t" }
        if rest.hasPrefix("=") { rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" } }
        return SSHConfigLine(keyword: String(line[..<end]), arguments: try words(rest, at: location), rest: String(rest))
    }

    private static func words(_ text: Substring, at location: SSHConfigLocation) throws -> [String] {
        var words: [String] = [], current = "", inWord = false
        var quote: Character?
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if character == "\\", let next = characters.first,
                next == "\"" || next == "'" || next == "\\" || (quote == nil && next == " ")
            {
                current.append(characters.removeFirst())
                inWord = true
            } else if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(current); current = ""; inWord = false }
            } else if character == "#" && !inWord {
                break
            } else {
                current.append(character)
                inWord = true
            }
        }
        guard quote == nil else { throw SSHConfigError(location, "an unterminated quote") }
        if inWord { words.append(current) }
        return words
    }
}
