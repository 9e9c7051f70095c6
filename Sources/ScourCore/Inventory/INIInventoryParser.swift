import Foundation

/// Ansible's INI inventory format, as its `ini` plugin reads it.
///
/// Sections `[group]`, `[group:vars]` and `[group:children]`; host lines `name[:port] key=value …`
/// (names may hold ranges); lines before the first section are ungrouped hosts; `#` and `;`
/// start comments. Every value, on host lines and in `:vars`, is read as a Python literal, as
/// ansible-core 2.19 does (`PythonLiteral`).
struct INIInventoryParser {
    let path: String

    func parse(_ text: String) throws -> InventoryDraft {
        var draft = InventoryDraft(path: path)
        enum Section { case hosts(String), vars(String, header: Int), children(String) }
        var section = Section.hosts("ungrouped")
        // As Ansible's INI reader: a child named before its own section is added to its parents
        // when that section comes, which sets the order of children.
        var known: Set<String> = ["all", "ungrouped"]
        var pending: [String: [(parent: String, line: Int)]] = [:], pendingOrder: [String] = []
        func resolve(_ group: String) {
            for waiting in pending.removeValue(forKey: group) ?? [] { draft.addChild(group, to: waiting.parent, line: waiting.line) }
        }
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = rawLine.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r")))
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if let (name, kind) = Self.sectionHeader(line) {
                guard Self.isGroupName(name) else {
                    throw error(lineNumber, "invalid group name '\(name)': use letters, digits and underscores")
                }
                known.insert(name)
                if kind != "vars" { resolve(name) }
                switch kind {
                case nil: section = .hosts(name); draft.defineGroup(name, line: lineNumber)
                case "vars": section = .vars(name, header: lineNumber)
                case "children": section = .children(name); draft.defineGroup(name, line: lineNumber)
                case let other?: throw error(lineNumber, "unknown section kind ':\(other)' (expected :vars or :children)")
                }
                continue
            }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                throw error(lineNumber, "invalid section header '\(line)': no spaces or other characters Ansible refuses")
            }
            switch section {
            case .hosts(let group):
                let words = try split(line, lineNumber)
                guard let first = words.first else { continue }
                var vars = try assignments(words.dropFirst(), lineNumber)
                // As Ansible's `_expand_hostpattern`: `host:port`, `[v6]:port`, a bare IPv6
                // address; anything else is the name as written.
                var name = first
                if let address = AnsibleAddress.parse(first) {
                    name = address.host
                    if let port = address.port { vars["ansible_port"] = vars["ansible_port"] ?? .int(port) }
                } else if first.hasSuffix(":") {
                    throw error(lineNumber, "invalid host '\(first)': a trailing ':' must be followed by a port")
                }
                try draft.addHost(name, to: group, vars: vars, line: lineNumber)
            case .vars(let group, let header):
                guard let equals = line.firstIndex(of: "="), equals != line.startIndex else {
                    throw error(lineNumber, "expected key=value in [\(group):vars], found '\(line)'")
                }
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                let value = PythonLiteral.value(line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces))
                draft.setGroupVars([key: value], for: group, defining: false, line: header)
            case .children(let group):
                guard Self.isGroupName(line) else { throw error(lineNumber, "invalid child group name '\(line)'") }
                if known.contains(line) {
                    draft.addChild(line, to: group, line: lineNumber)
                } else {
                    if pending[line] == nil { pendingOrder.append(line) }
                    pending[line, default: []].append((group, lineNumber))
                }
            }
        }
        // Children never defined here: left to the whole inventory (a folder's other sources)
        // to define, or to refuse.
        for child in pendingOrder { resolve(child) }
        return draft
    }

    static func isGroupName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }

    /// Ansible's INI section header: `[name]` or `[name:kind]`, a comment may follow.
    static func sectionHeader(_ line: String) -> (String, String?)? {
        let range = NSRange(line.startIndex..., in: line)
        guard let match = sectionPattern.firstMatch(in: line, range: range),
            let name = Range(match.range(at: 1), in: line).map({ String(line[$0]) })
        else { return nil }
        return (name, Range(match.range(at: 2), in: line).map { String(line[$0]) })
    }

    private static let sectionPattern = try! NSRegularExpression(pattern: #"^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$"#)

    /// `key=value` words into variables, each value read as `ast.literal_eval` reads it.
    private func assignments(_ words: ArraySlice<String>, _ line: Int) throws -> [String: InventoryValue] {
        var vars: [String: InventoryValue] = [:]
        for word in words {
            guard let equals = word.firstIndex(of: "=") else {
                throw error(line, "expected key=value, found '\(word)'")
            }
            vars[String(word[..<equals])] = PythonLiteral.value(String(word[word.index(after: equals)...]))
        }
        return vars
    }

    /// Shell-like splitting (Python's shlex, posix): whitespace separates words; single or double
    /// quotes group, and are removed; a backslash escapes; an unquoted `#` starts a comment,
    /// even inside a word.
    private func split(_ line: String, _ lineNumber: Int) throws -> [String] {
        var words: [String] = [], current = "", quote: Character?, inWord = false, escaped = false
        for character in line {
            if escaped {
                // Python's shlex (posix): inside double quotes a backslash escapes only `"` and `\`.
                if quote == "\"" && character != "\"" && character != "\\" { current.append("\\") }
                current.append(character); escaped = false; inWord = true
            } else if let open = quote {
                if character == open { quote = nil } else if character == "\\" && open == "\"" { escaped = true } else { current.append(character) }
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" || character == "'" {
                quote = character; inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(current); current = ""; inWord = false }
            } else if character == "#" {
                break
            } else {
                current.append(character); inWord = true
            }
        }
        guard quote == nil, !escaped else { throw error(lineNumber, escaped ? "a line ends in '\\'" : "unterminated quote") }
        if inWord { words.append(current) }
        return words
    }

    private func error(_ line: Int, _ message: String) -> InventoryError {
        InventoryError(path: path, line: line, message: message)
    }
}
