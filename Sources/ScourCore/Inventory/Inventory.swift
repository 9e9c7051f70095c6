import Foundation
import Yams

/// An Ansible inventory (INI or YAML), read as Ansible reads it: see docs/inventory.md.
public struct Inventory: Sendable {
    public var path: String
    /// Every host once, in the order the file first names it.
    public var hosts: [InventoryHost]
    public var groups: [String: InventoryGroup]

    public init(path: String, hosts: [InventoryHost], groups: [String: InventoryGroup]) {
        self.path = path
        self.hosts = hosts
        self.groups = groups
    }

    /// Reads an inventory file; `.yml`/`.yaml` are YAML, `.ini` is INI, anything else is YAML
    /// when it parses as a YAML mapping and INI otherwise.
    public static func load(path: String) throws -> Inventory {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw InventoryError(path: path, line: nil, message: "cannot read the inventory: \((error as NSError).localizedDescription)")
        }
        return try parse(text: text, path: path)
    }

    public static func parse(text: String, path: String) throws -> Inventory {
        let draft = isYAML(text: text, path: path)
            ? try YAMLInventoryParser(path: path).parse(text)
            : try INIInventoryParser(path: path).parse(text)
        return try draft.build(relativeTo: (path as NSString).deletingLastPathComponent)
    }

    private static func isYAML(text: String, path: String) -> Bool {
        switch (path as NSString).pathExtension.lowercased() {
        case "yml", "yaml": return true
        case "ini": return false
        default:
            let firstLine = text.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix(";") }
            if firstLine?.hasPrefix("[") == true { return false }
            return ((try? Yams.compose(yaml: text))??.mapping) != nil
        }
    }

    /// The hosts `pattern` selects, in inventory order; an error when it selects none.
    public func select(_ pattern: HostPattern) throws -> [InventoryHost] {
        let chosen = pattern.matches(in: self)
        let selected = hosts.filter { chosen.contains($0.name) }
        guard !selected.isEmpty else {
            throw InventoryError(path: path, line: nil, message: "no host matches '\(pattern.text)'")
        }
        return selected
    }

    /// The hosts named (a run's or a plan's), in the order given; an error naming any the
    /// inventory no longer has.
    public func hosts(named names: [String]) throws -> [InventoryHost] {
        let byName = Dictionary(uniqueKeysWithValues: hosts.map { ($0.name, $0) })
        let missing = names.filter { byName[$0] == nil }
        guard missing.isEmpty else {
            throw InventoryError(path: path, line: nil, message: "hosts no longer in the inventory: \(missing.joined(separator: ", "))")
        }
        return names.map { byName[$0]! }
    }

    /// Host names of a group, its children's included.
    func members(ofGroup name: String) -> Set<String> {
        if name == "all" { return Set(hosts.map(\.name)) }
        return Set(hosts.filter { $0.groups.contains(name) }.map(\.name))
    }
}
