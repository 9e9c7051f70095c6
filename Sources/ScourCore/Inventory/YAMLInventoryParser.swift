import Yams

/// Ansible's YAML inventory format: top-level groups (usually `all`), each a mapping of
/// `hosts` (name → variables or nothing), `vars` and `children` (name → group), nested freely.
struct YAMLInventoryParser {
    let path: String

    func parse(_ text: String) throws -> InventoryDraft {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw InventoryError(path: path, line: Self.line(of: error), message: "not valid YAML: \(error)")
        }
        var draft = InventoryDraft(path: path)
        guard let root else { return draft }
        guard let groups = Self.pairs(root) else { throw error(root, "the top level must be a mapping of groups (e.g. 'all:')") }
        for (key, value) in groups {
            try readGroup(try name(key), value, into: &draft)
        }
        return draft
    }

    /// A variables file (`group_vars/web.yml`): one mapping of names to values, or nothing.
    func variables(_ text: String) throws -> [String: InventoryValue] {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw InventoryError(path: path, line: Self.line(of: error), message: "not valid YAML: \(error)")
        }
        guard let root else { return [:] }
        return try variables(root)
    }

    private func readGroup(_ group: String, _ node: Node, into draft: inout InventoryDraft) throws {
        draft.defineGroup(group, line: line(node))
        if node.null != nil { return }
        guard let entries = Self.pairs(node) else { throw error(node, "group '\(group)' must be a mapping with hosts, vars or children") }
        for (key, value) in entries {
            switch try name(key) {
            case "hosts":
                if value.null != nil { continue }
                guard let hosts = Self.pairs(value) else { throw error(value, "'hosts' of '\(group)' must be a mapping of host names") }
                for (hostKey, hostVars) in hosts {
                    try draft.addHost(try name(hostKey), to: group, vars: try variables(hostVars), line: line(hostKey))
                }
            case "vars":
                draft.setGroupVars(try variables(value), for: group, defining: true, line: line(value))
            case "children":
                if value.null != nil { continue }
                guard let children = Self.pairs(value) else { throw error(value, "'children' of '\(group)' must be a mapping of groups") }
                for (childKey, child) in children {
                    let childName = try name(childKey)
                    draft.addChild(childName, to: group, line: line(childKey))
                    try readGroup(childName, child, into: &draft)
                }
            case let other:
                throw error(key, "unknown key '\(other)' in group '\(group)' (expected hosts, vars or children)")
            }
        }
    }

    private func variables(_ node: Node) throws -> [String: InventoryValue] {
        if node.null != nil { return [:] }
        guard let entries = Self.pairs(node) else { throw error(node, "variables must be a mapping of names to values") }
        var vars: [String: InventoryValue] = [:]
        for (key, item) in entries { vars[try name(key)] = inventoryValue(item) }
        return vars
    }

    private func inventoryValue(_ node: Node) -> InventoryValue {
        switch node {
        case .sequence(let items): return .list(items.map(inventoryValue))
        case .mapping:
            var map: [String: InventoryValue] = [:]
            for (key, item) in Self.pairs(node) ?? [] { map[key.string ?? ""] = inventoryValue(item) }
            return .map(map)
        case .scalar(let scalar): return YAMLScalar.value(scalar)
        }
    }

    /// A mapping's entries with YAML merge keys (`<<: *anchor`, `<<: [*a, *b]`) applied as
    /// Ansible's loader (PyYAML) applies them: merged entries first, earlier merges winning over
    /// later ones, the mapping's own entries over all; nil when the node is not a mapping.
    static func pairs(_ node: Node) -> [(key: Node, value: Node)]? {
        guard let mapping = node.mapping else { return nil }
        var merged: [(key: Node, value: Node)] = [], own: [(key: Node, value: Node)] = []
        for (key, value) in mapping {
            guard key.tag.description == Tag.Name.merge.rawValue else {
                own.append((key, value))
                continue
            }
            let sources = value.sequence.map { Array($0) } ?? [value]
            for source in sources.reversed() { merged += pairs(source) ?? [] }
        }
        return merged + own
    }

    private func name(_ node: Node) throws -> String {
        guard let scalar = node.scalar else { throw error(node, "expected a name") }
        return scalar.string
    }

    private func line(_ node: Node) -> Int? { node.mark.map { $0.line } }

    private func error(_ node: Node, _ message: String) -> InventoryError {
        InventoryError(path: path, line: line(node), message: message)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }
}
