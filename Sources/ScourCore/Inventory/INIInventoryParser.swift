import Foundation

/// Ansible's INI inventory format, as its `ini` plugin reads it.
///
/// Sections `[group]`, `[group:vars]` and `[group:children]`; host lines `name[:port] key=value …`
/// (names may hold ranges); lines before the first section are ungrouped hosts; `#` and `;`
/// start comments. Host-line values are read as literals (`22` is a number, `True` a boolean,
/// quoted text a string); `:vars` values stay strings, as in Ansible.
struct INIInventoryParser {
    let path: String

    func parse(_ text: String) throws -> InventoryDraft {
        var draft = InventoryDraft(path: path)
        enum Section { case hosts(String), vars(String, header: Int), children(String) }
        var section = Section.hosts("ungrouped")
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = rawLine.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r")))
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw error(lineNumber, "a section header must end with ']': \(line)") }
                let header = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                let parts = header.split(separator: ":", maxSplits: 1).map(String.init)
                guard let name = parts.first, Self.isGroupName(name) else {
                    throw error(lineNumber, "invalid group name '\(header)': use letters, digits and underscores")
                }
                switch parts.count == 2 ? parts[1] : nil {
                case nil: section = .hosts(name); draft.defineGroup(name, line: lineNumber)
                case "vars": section = .vars(name, header: lineNumber)
                case "children": section = .children(name); draft.defineGroup(name, line: lineNumber)
                case let other?: throw error(lineNumber, "unknown section kind ':\(other)' (expected :vars or :children)")
                }
                continue
            }
            switch section {
            case .hosts(let group):
                let words = try split(line, lineNumber)
                var (name, vars) = (words[0], try assignments(words.dropFirst(), literal: true, lineNumber))
                if let colon = name.lastIndex(of: ":"), !name.contains("]") || colon > name.lastIndex(of: "]")!,
                    name.filter({ $0 == ":" }).count == 1
                {
                    let port = name[name.index(after: colon)...]
                    guard let number = Int(port) else { throw error(lineNumber, "invalid port '\(port)' in '\(name)'") }
                    vars["ansible_port"] = vars["ansible_port"] ?? .int(number)
                    name = String(name[..<colon])
                }
                try draft.addHost(name, to: group, vars: vars, line: lineNumber)
            case .vars(let group, let header):
                guard let equals = line.firstIndex(of: "="), equals != line.startIndex else {
                    throw error(lineNumber, "expected key=value in [\(group):vars], found '\(line)'")
                }
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                    value = String(value.dropFirst().dropLast())
                }
                draft.setGroupVars([key: .string(value)], for: group, defining: false, line: header)
            case .children(let group):
                guard Self.isGroupName(line) else { throw error(lineNumber, "invalid child group name '\(line)'") }
                draft.addChild(line, to: group, line: lineNumber)
            }
        }
        return draft
    }

    static func isGroupName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }

    /// `key=value` words into variables.
    private func assignments(_ words: ArraySlice<String>, literal: Bool, _ line: Int) throws -> [String: InventoryValue] {
        var vars: [String: InventoryValue] = [:]
        for word in words {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                throw error(line, "expected key=value, found '\(word)'")
            }
            let value = String(word[word.index(after: equals)...])
            vars[String(word[..<equals])] = literal ? Self.literal(value) : .string(value)
        }
        return vars
    }

    /// Python-literal reading of an inline value, as Ansible does: numbers, booleans, else text.
    static func literal(_ text: String) -> InventoryValue {
        if let int = Int(text) { return .int(int) }
        if let double = Double(text), text.contains(".") { return .double(double) }
        switch text { case "True", "true": return .bool(true); case "False", "false": return .bool(false); default: return .string(text) }
    }

    /// Shell-like splitting: whitespace separates words; single or double quotes group, and
    /// are removed; `#` after whitespace starts a comment.
    private func split(_ line: String, _ lineNumber: Int) throws -> [String] {
        var words: [String] = [], current = "", quote: Character?, inWord = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character; inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(current); current = ""; inWord = false }
            } else if character == "#" && !inWord {
                break
            } else {
                current.append(character); inWord = true
            }
        }
        guard quote == nil else { throw error(lineNumber, "unterminated quote") }
        if inWord { words.append(current) }
        return words
    }

    private func error(_ line: Int, _ message: String) -> InventoryError {
        InventoryError(path: path, line: line, message: message)
    }
}
