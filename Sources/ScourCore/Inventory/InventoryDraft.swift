import Foundation

/// What an inventory file declares, before Ansible's rules turn it into hosts: both the INI
/// and the YAML reader fill one of these, so the rules exist once.
struct InventoryDraft {
    struct Group {
        var hosts: [String] = []
        var children: [String] = []
        var vars: [String: InventoryValue] = [:]
        /// Where the group was first declared, for errors.
        var line: Int?
    }

    let path: String
    private(set) var groupOrder: [String] = []
    private(set) var groups: [String: Group] = [:]
    private(set) var hostOrder: [String] = []
    private(set) var hostVars: [String: [String: InventoryValue]] = [:]
    private(set) var hostLines: [String: Int] = [:]
    /// Groups defined by a section or a YAML key (a group only named as a child or in a
    /// `:vars` section is not: Ansible refuses both).
    private(set) var definedGroups: Set<String> = ["all", "ungrouped"]
    /// Groups referred to without defining them, and where: children and `:vars` sections.
    private(set) var references: [(group: String, line: Int?, message: String)] = []

    init(path: String) {
        self.path = path
        declareGroup("all", line: nil)
        declareGroup("ungrouped", line: nil)
    }

    /// Declares a group as defined here (a section, a YAML key).
    mutating func defineGroup(_ name: String, line: Int?) {
        declareGroup(name, line: line)
        definedGroups.insert(name)
    }

    private mutating func declareGroup(_ name: String, line: Int?) {
        if groups[name] == nil {
            groups[name] = Group(line: line)
            groupOrder.append(name)
        }
    }

    /// Adds a host (a name that may hold a range) to `group`, merging its variables: a host
    /// listed twice is one host, as in Ansible.
    mutating func addHost(_ pattern: String, to group: String, vars: [String: InventoryValue], line: Int?) throws {
        let names: [String]
        do { names = try HostRange.expand(pattern) } catch let error as HostRange.RangeError {
            throw InventoryError(path: path, line: line, message: error.message)
        }
        defineGroup(group, line: line)
        for name in names {
            if hostVars[name] == nil {
                hostOrder.append(name)
                hostVars[name] = [:]
                hostLines[name] = line
            }
            hostVars[name]!.merge(vars) { $1 }
            if !groups[group]!.hosts.contains(name) { groups[group]!.hosts.append(name) }
        }
    }

    mutating func addChild(_ child: String, to parent: String, line: Int?) {
        defineGroup(parent, line: line)
        declareGroup(child, line: line)
        if !groups[parent]!.children.contains(child) { groups[parent]!.children.append(child) }
        references.append((child, line, "[\(parent):children] includes '\(child)', a group that is defined nowhere"))
    }

    /// Sets variables of `group`; `defining` is false for INI `[group:vars]`, which may only
    /// add to a group defined elsewhere in the file.
    mutating func setGroupVars(_ vars: [String: InventoryValue], for group: String, defining: Bool, line: Int?) {
        if defining { defineGroup(group, line: line) } else {
            declareGroup(group, line: line)
            references.append((group, line, "[\(group):vars] sets variables of '\(group)', a group that is defined nowhere"))
        }
        groups[group]!.vars.merge(vars) { $1 }
    }

    /// Applies Ansible's rules: every group is a child of `all`; hosts in no other group are
    /// `ungrouped`; a host's variables are merged from `all`, then its groups by depth (parents
    /// before children) and name, then its own.
    func build(relativeTo folder: String) throws -> Inventory {
        if let undefined = references.first(where: { !definedGroups.contains($0.group) }) {
            throw InventoryError(path: path, line: undefined.line, message: undefined.message)
        }
        var parents: [String: Set<String>] = [:]
        for (name, group) in groups {
            for child in group.children { parents[child, default: []].insert(name) }
        }
        var depthCache: [String: Int] = ["all": 0]
        func depth(_ name: String, visiting: Set<String>) throws -> Int {
            if let known = depthCache[name] { return known }
            guard !visiting.contains(name) else {
                throw InventoryError(path: path, line: groups[name]?.line, message: "group '\(name)' is its own ancestor (a cycle in children)")
            }
            let above = try (parents[name] ?? []).map { try depth($0, visiting: visiting.union([name])) }.max() ?? 0
            depthCache[name] = above + 1
            return above + 1
        }
        func ancestors(of name: String) -> Set<String> {
            var found: Set<String> = [], queue = [name]
            while let next = queue.popLast() {
                for parent in parents[next] ?? [] where found.insert(parent).inserted { queue.append(parent) }
            }
            return found
        }
        for name in groupOrder { _ = try depth(name, visiting: []) }
        var direct: [String: Set<String>] = [:]
        for (name, group) in groups { for host in group.hosts { direct[host, default: []].insert(name) } }

        var hosts: [InventoryHost] = []
        for name in hostOrder {
            var memberOf = direct[name] ?? []
            if memberOf.subtracting(["all", "ungrouped"]).isEmpty { memberOf.insert("ungrouped") }
            for group in memberOf { memberOf.formUnion(ancestors(of: group)) }
            memberOf.insert("all")
            let ordered = try memberOf.map { ($0, try depth($0, visiting: [])) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            var vars: [String: InventoryValue] = [:]
            for (group, _) in ordered { vars.merge(groups[group]?.vars ?? [:]) { $1 } }
            vars.merge(hostVars[name] ?? [:]) { $1 }
            hosts.append(try HostVariables(path: path, line: hostLines[name], folder: folder).host(named: name, vars: vars, groups: memberOf.sorted()))
        }
        var finalGroups: [String: InventoryGroup] = [:]
        for (name, group) in groups {
            var members = group.hosts
            if name == "ungrouped" { members = hosts.filter { $0.groups == ["all", "ungrouped"] }.map(\.name) }
            if name == "all" { members = hostOrder }
            finalGroups[name] = InventoryGroup(name: name, hosts: members, children: group.children, vars: group.vars)
        }
        return Inventory(path: path, hosts: hosts, groups: finalGroups)
    }
}
