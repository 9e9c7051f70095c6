/// `{{ … }}` in inventory values. Ansible renders them with Jinja when it uses a value; Scour
/// renders the one form it can render exactly — plain references (`{{ name }}`) to other
/// variables of the same host and to the magic variables `inventory_hostname`,
/// `inventory_hostname_short` and `group_names`, in whole values (keeping the referenced value's
/// type, as ansible-core 2.19 does) or inside text (written as Python's `str()` writes it) —
/// and nothing else: anything more (filters, expressions, `{% %}`, Ansible's other magic
/// variables, an undefined name, a loop) is a `Failure` naming the variable and the host, and
/// the host is refused rather than reached with the template's literal text.
enum InventoryTemplate {
    struct Failure: Error {
        var message: String
    }

    /// What a template is rendered for.
    struct Scope {
        var host: String
        /// Every group the host is in, `all` included.
        var groups: [String]
        /// The host's merged variables, as declared.
        var vars: [String: InventoryValue]
    }

    static func containsTemplate(_ value: InventoryValue) -> Bool {
        switch value {
        case .string(let text): return text.contains("{{") || text.contains("{%") || text.contains("{#")
        case .list(let items): return items.contains(where: containsTemplate)
        case .map(let entries): return entries.values.contains(where: containsTemplate)
        default: return false
        }
    }

    /// The value with every reference replaced.
    static func render(_ value: InventoryValue, in scope: Scope) throws(Failure) -> InventoryValue {
        try render(value, in: scope, resolving: [])
    }

    private static func render(_ value: InventoryValue, in scope: Scope, resolving: [String]) throws(Failure) -> InventoryValue {
        switch value {
        case .list(let items):
            var rendered: [InventoryValue] = []
            for item in items { rendered.append(try render(item, in: scope, resolving: resolving)) }
            return .list(rendered)
        case .map(let entries):
            var rendered: [String: InventoryValue] = [:]
            for (key, item) in entries { rendered[key] = try render(item, in: scope, resolving: resolving) }
            return .map(rendered)
        case .string(let text) where containsTemplate(value):
            return try renderText(text, in: scope, resolving: resolving)
        default:
            return value
        }
    }

    private static func renderText(_ text: String, in scope: Scope, resolving: [String]) throws(Failure) -> InventoryValue {
        guard !text.contains("{%"), !text.contains("{#") else {
            throw Failure(message: "Jinja statements and comments ({% %}, {# #}) are not rendered by scour")
        }
        var pieces: [InventoryValue] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.string(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else { throw Failure(message: "an unclosed '{{'") }
            let expression = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard isName(expression) else { throw notAName(expression) }
            pieces.append(try lookup(expression, in: scope, resolving: resolving))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.string(String(rest))) }
        if pieces.count == 1 { return pieces[0] }
        var joined = ""
        for piece in pieces {
            guard let part = PythonText.str(piece) else {
                throw Failure(message: "a \(kind(piece)) inside text is written as Python writes it, which scour does not reproduce for this value")
            }
            joined += part
        }
        return .string(joined)
    }

    private static func lookup(_ name: String, in scope: Scope, resolving: [String]) throws(Failure) -> InventoryValue {
        if let magic = AnsibleMagicVariables.rendered(name, host: scope.host, groups: scope.groups) { return magic }
        if let what = AnsibleMagicVariables.unrendered[name] {
            throw Failure(message: "'\(name)' is Ansible's magic variable (\(what)), which scour does not render")
        }
        guard !resolving.contains(name) else {
            throw Failure(message: "'\(name)' refers to itself (\((resolving + [name]).joined(separator: " → ")))")
        }
        guard let value = scope.vars[name] else {
            if AnsibleMagicVariables.connectionVariables.contains(name) {
                throw Failure(message: "'\(name)' is not set for host '\(scope.host)'; Ansible fills it in from its connection settings when a task runs, which scour does not reproduce")
            }
            let later = name.hasPrefix("ansible_") ? " (Ansible may set it when a task runs, as a fact)" : ""
            throw Failure(message: "'\(name)' is not a variable of host '\(scope.host)'\(later)")
        }
        return try render(value, in: scope, resolving: resolving + [name])
    }

    /// An expression: named by the variable it starts with, so the refusal says which.
    private static func notAName(_ expression: String) -> Failure {
        let first = String(expression.prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
        if AnsibleMagicVariables.unrendered[first] != nil || AnsibleMagicVariables.rendered(first, host: "", groups: []) != nil {
            return Failure(message: "'{{ \(expression) }}' is an expression on Ansible's magic variable '\(first)'; scour renders only {{ name }}")
        }
        return Failure(message: "'{{ \(expression) }}' is more than a variable name; scour renders only {{ name }}")
    }

    private static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    private static func kind(_ value: InventoryValue) -> String {
        switch value {
        case .double: return "float"
        case .list: return "list"
        case .map: return "mapping"
        default: return "text"
        }
    }
}
