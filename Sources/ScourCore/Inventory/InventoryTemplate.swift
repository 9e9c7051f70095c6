/// `{{ … }}` in inventory values. Ansible renders them with Jinja when it uses a value; Scour
/// renders the one form it can render exactly — plain references to other variables of the
/// same host (`{{ name }}`, `inventory_hostname`, `inventory_hostname_short`), in whole values
/// (keeping the referenced value's type, as ansible-core 2.19 does) or inside text — and
/// nothing else: anything more (filters, expressions, `{% %}`, an undefined name, a loop) is a
/// `Failure`, and the host is refused rather than reached with the template's literal text.
enum InventoryTemplate {
    struct Failure: Error {
        var message: String
    }

    static func containsTemplate(_ value: InventoryValue) -> Bool {
        switch value {
        case .string(let text): return text.contains("{{") || text.contains("{%") || text.contains("{#")
        case .list(let items): return items.contains(where: containsTemplate)
        case .map(let entries): return entries.values.contains(where: containsTemplate)
        default: return false
        }
    }

    /// The value with every reference replaced; `vars` are the host's merged variables.
    static func render(_ value: InventoryValue, host: String, vars: [String: InventoryValue]) throws(Failure) -> InventoryValue {
        try render(value, host: host, vars: vars, resolving: [])
    }

    private static func render(
        _ value: InventoryValue, host: String, vars: [String: InventoryValue], resolving: [String]
    ) throws(Failure) -> InventoryValue {
        switch value {
        case .list(let items):
            var rendered: [InventoryValue] = []
            for item in items { rendered.append(try render(item, host: host, vars: vars, resolving: resolving)) }
            return .list(rendered)
        case .map(let entries):
            var rendered: [String: InventoryValue] = [:]
            for (key, item) in entries { rendered[key] = try render(item, host: host, vars: vars, resolving: resolving) }
            return .map(rendered)
        case .string(let text) where containsTemplate(value):
            return try renderText(text, host: host, vars: vars, resolving: resolving)
        default:
            return value
        }
    }

    private static func renderText(
        _ text: String, host: String, vars: [String: InventoryValue], resolving: [String]
    ) throws(Failure) -> InventoryValue {
        guard !text.contains("{%"), !text.contains("{#") else {
            throw Failure(message: "Jinja statements and comments ({% %}, {# #}) are not rendered by scour")
        }
        var pieces: [InventoryValue] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.string(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else { throw Failure(message: "an unclosed '{{'") }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard isName(name) else {
                throw Failure(message: "'{{ \(name) }}' is more than a variable name; scour renders only {{ name }}")
            }
            pieces.append(try lookup(name, host: host, vars: vars, resolving: resolving))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.string(String(rest))) }
        if pieces.count == 1 { return pieces[0] }
        var joined = ""
        for piece in pieces {
            switch piece {
            case .string(let part): joined += part
            case .int(let number): joined += String(number)
            default: throw Failure(message: "a \(kind(piece)) inside text is written as Python writes it; scour renders only text and numbers there")
            }
        }
        return .string(joined)
    }

    private static func lookup(
        _ name: String, host: String, vars: [String: InventoryValue], resolving: [String]
    ) throws(Failure) -> InventoryValue {
        switch name {
        case "inventory_hostname": return .string(host)
        case "inventory_hostname_short": return .string(String(host.prefix { $0 != "." }))
        default: break
        }
        guard !resolving.contains(name) else {
            throw Failure(message: "'\(name)' refers to itself (\((resolving + [name]).joined(separator: " → ")))")
        }
        guard let value = vars[name] else { throw Failure(message: "'\(name)' is not a variable of the host") }
        return try render(value, host: host, vars: vars, resolving: resolving + [name])
    }

    private static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    private static func kind(_ value: InventoryValue) -> String {
        switch value {
        case .bool: return "boolean"
        case .double: return "float"
        case .list: return "list"
        case .map: return "mapping"
        default: return "value"
        }
    }
}
