import Foundation

/// What `ansible-inventory --list`, `--graph` and `ansible --list-hosts` print, from a loaded
/// inventory (ansible-core 2.19's `json_inventory`, `_graph_group`), so a user can compare
/// Scour's reading with Ansible's. Secrets are shown as `<redacted>`.
public enum AnsibleInventoryListing {
    /// `--list`: each group with its own hosts and children (empty keys and groups left out),
    /// `all` with its children, and every host's merged variables (hosts without any left out), templates as written,
    /// but for the names Ansible keeps for its magic variables (`AnsibleMagicVariables.internalNames`).
    public static func list(_ inventory: Inventory) -> [String: Any] {
        var result: [String: Any] = [:]
        var seen: Set<String> = []
        func format(_ name: String) {
            guard let group = inventory.groups[name] else { return }
            var entry: [String: Any] = [:]
            if name != "all", !group.hosts.isEmpty { entry["hosts"] = group.hosts }
            if !group.children.isEmpty { entry["children"] = group.children }
            if !entry.isEmpty { result[name] = entry }
            for child in group.children where seen.insert(child).inserted { format(child) }
        }
        format("all")
        var hostvars: [String: Any] = [:]
        for host in inventory.hosts {
            let shown = host.declaredVars.filter { !AnsibleMagicVariables.internalNames.contains($0.key) }
            guard !shown.isEmpty else { continue }
            hostvars[host.name] = shown.mapValues { $0.json }
                .merging(shown.keys.filter(SecretVariables.names.contains).map { ($0, "<redacted>" as Any) }) { $1 }
        }
        result["_meta"] = ["hostvars": hostvars]
        return result
    }

    /// `--graph`: `@group:` lines, children before hosts, indented as Ansible indents them.
    public static func graph(_ inventory: Inventory, from group: String = "all") -> [String] {
        func line(_ text: String, _ depth: Int) -> String {
            depth == 0 ? text : "  " + String(repeating: "|  ", count: depth - 1) + "|--" + text
        }
        func walk(_ name: String, _ depth: Int) -> [String] {
            guard let entry = inventory.groups[name] else { return [] }
            var lines = [line("@\(name):", depth)]
            for child in entry.children { lines += walk(child, depth + 1) }
            if name != "all" { lines += entry.hosts.map { line($0, depth + 1) } }
            return lines
        }
        return walk(group, 0)
    }

    /// `ansible all --limit PATTERN --list-hosts`: the selected hosts in Ansible's order (that of
    /// `all`).
    public static func listHosts(_ inventory: Inventory, pattern: HostPattern) throws -> [String] {
        let chosen = Set(try inventory.select(pattern).map(\.name))
        return inventory.ansibleHosts(ofGroup: "all").hosts.filter(chosen.contains)
    }

    /// JSON text as Python's `json.dumps(indent=4, sort_keys=True)` writes it — floats keep
    /// their `.0` (`1000.0`), which Foundation's encoder drops — for the objects built here.
    public static func json(_ object: Any, indent: Int = 0) -> String {
        let inner = String(repeating: " ", count: indent + 4), outer = String(repeating: " ", count: indent)
        switch object {
        case let flag as Bool: return flag ? "true" : "false"
        case let number as Int: return String(number)
        case let number as Double:
            if number.isNaN { return "NaN" }
            if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
            return number == number.rounded() && abs(number) < 1e16 ? String(format: "%.1f", number) : "\(number)"
        case let text as String: return quoted(text)
        case let items as [Any]:
            guard !items.isEmpty else { return "[]" }
            return "[\n" + items.map { inner + json($0, indent: indent + 4) }.joined(separator: ",\n") + "\n\(outer)]"
        case let entries as [String: Any]:
            guard !entries.isEmpty else { return "{}" }
            return "{\n" + entries.keys.sorted().map { inner + quoted($0) + ": " + json(entries[$0]!, indent: indent + 4) }
                .joined(separator: ",\n") + "\n\(outer)}"
        default: return "null"
        }
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

extension InventoryValue {
    /// The value as a JSON-serialisable object.
    public var json: Any {
        switch self {
        case .string(let text): return text
        case .int(let number): return number
        case .double(let number): return number
        case .bool(let flag): return flag
        case .null: return NSNull()
        case .list(let items): return items.map(\.json)
        case .map(let entries): return entries.mapValues(\.json)
        }
    }
}
