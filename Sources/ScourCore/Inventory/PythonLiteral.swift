/// Python's `ast.literal_eval`, as Ansible's INI reader applies it to every value (host lines
/// and `:vars` alike, ansible-core 2.19): numbers (`80`, `-3`, `1_000`, `0x1f`, `0o17`, `1.5`,
/// `1e3`), `True`/`False`/`None`, quoted strings, lists, tuples, sets and dicts of those; any
/// other text (`yes`, `017`, `hello world`) stays the text it is.
struct PythonLiteral {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    static func value(_ text: String) -> InventoryValue {
        var parser = PythonLiteral(scalars: Array(text.unicodeScalars))
        guard let value = parser.parseValue(), parser.skipSpace(), parser.position == parser.scalars.count else { return .string(text) }
        return value
    }

    private init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    private var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    @discardableResult
    private mutating func skipSpace() -> Bool {
        while let scalar = current, scalar == " " || scalar == "\t" { position += 1 }
        return true
    }

    private mutating func parseValue() -> InventoryValue? {
        skipSpace()
        guard let first = current else { return nil }
        switch first {
        case "[": return parseSequence(close: "]").map(InventoryValue.list)
        case "(":
            // `(1)` is 1; `(1,)` and `(1, 2)` are tuples, lists once Ansible has them.
            let start = position
            guard let items = parseSequence(close: ")") else { return nil }
            let written = scalars[start..<position].filter { $0 != " " && $0 != "\t" }
            return items.count == 1 && written.dropLast().last != "," ? items[0] : .list(items)
        case "{": return parseBraces()
        case "'", "\"": return parseString().map(InventoryValue.string)
        default: return parseAtom()
        }
    }

    private mutating func parseSequence(close: Unicode.Scalar) -> [InventoryValue]? {
        position += 1
        var items: [InventoryValue] = []
        while true {
            skipSpace()
            if current == close { position += 1; return items }
            guard let item = parseValue() else { return nil }
            items.append(item)
            skipSpace()
            if current == "," { position += 1; continue }
            guard current == close else { return nil }
            position += 1
            return items
        }
    }

    private mutating func parseBraces() -> InventoryValue? {
        position += 1
        var map: [String: InventoryValue] = [:], set: [InventoryValue] = []
        var isDict: Bool?
        while true {
            skipSpace()
            if current == "}" { position += 1; return isDict == false ? .list(set) : .map(map) }
            guard let key = parseValue() else { return nil }
            skipSpace()
            if current == ":" {
                guard isDict != false else { return nil }
                isDict = true
                position += 1
                guard let value = parseValue() else { return nil }
                map[key.description] = value
            } else {
                guard isDict != true else { return nil }
                isDict = false
                if !set.contains(key) { set.append(key) }
            }
            skipSpace()
            if current == "," { position += 1; continue }
            guard current == "}" else { return nil }
        }
    }

    private mutating func parseString() -> String? {
        let quote = current!
        position += 1
        var text = ""
        while let scalar = current {
            position += 1
            if scalar == quote { return text }
            if scalar == "\\" {
                guard let escaped = current else { return nil }
                position += 1
                switch escaped {
                case "n": text += "\n"
                case "t": text += "\t"
                case "r": text += "\r"
                case "\\", "'", "\"": text.unicodeScalars.append(escaped)
                default: text += "\\"; text.unicodeScalars.append(escaped)
                }
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return nil
    }

    private mutating func parseAtom() -> InventoryValue? {
        let start = position
        while let scalar = current, !" \t,:]})".unicodeScalars.contains(scalar) { position += 1 }
        let word = String(String.UnicodeScalarView(scalars[start..<position]))
        switch word {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .null
        default: return Self.number(word)
        }
    }

    /// A Python number literal, with an optional sign (`-` applies, as `literal_eval` allows).
    private static func number(_ written: String) -> InventoryValue? {
        var body = Substring(written), negative = false
        if body.first == "-" || body.first == "+" { negative = body.first == "-"; body = body.dropFirst() }
        guard let first = body.first, first.isNumber || first == "." else { return nil }
        guard !body.hasPrefix("_"), !body.hasSuffix("_"), !body.contains("__") else { return nil }
        let digits = body.replacingOccurrences(of: "_", with: "").lowercased()
        let radixes: [(String, Int)] = [("0x", 16), ("0o", 8), ("0b", 2)]
        for (prefix, radix) in radixes where digits.hasPrefix(prefix) {
            return Int(digits.dropFirst(2), radix: radix).map { .int(negative ? -$0 : $0) }
        }
        if digits.allSatisfy(\.isNumber) {
            // Python refuses leading zeros on decimal integers (`017`), except zero itself.
            guard digits.count == 1 || !digits.hasPrefix("0") || digits.allSatisfy({ $0 == "0" }) else { return nil }
            return Int(digits).map { .int(negative ? -$0 : $0) }
        }
        guard digits.allSatisfy({ $0.isNumber || ".e+-".contains($0) }), let double = Double(digits) else { return nil }
        return .double(negative ? -double : double)
    }
}
