import Foundation

/// What an inventory source declares, before Ansible's rules turn it into hosts: the INI, YAML
/// and script readers fill one of these, a folder's sources merge into one, so the rules exist
/// once.
struct InventoryDraft {
    /// Where something was declared, for errors: a folder's drafts come from many files.
    struct Location {
        var path: String
        var line: Int?
    }

    struct Group {
        /// Direct hosts, in the order first named.
        private(set) var hosts: [String] = []
        /// The same hosts, for the membership test (a group of 10 000 hosts is common).
        private var hostSet: Set<String> = []
        var children: [String] = []
        var vars: [String: InventoryValue] = [:]
        /// Variables from `group_vars/` files: above every group's own variables, as in Ansible.
        var fileVars: [String: InventoryValue] = [:]
        /// Where the group was first declared, for errors.
        var location: Location

        init(location: Location) { self.location = location }

        mutating func add(host: String) {
            if hostSet.insert(host).inserted { hosts.append(host) }
        }
    }

    /// The source being read; new declarations are located in it.
    let path: String
    private(set) var groupOrder: [String] = []
    private var orderedGroups: Set<String> = []
    private(set) var groups: [String: Group] = [:]
    private(set) var hostOrder: [String] = []
    private(set) var hostVars: [String: [String: InventoryValue]] = [:]
    /// Variables from `host_vars/` files: above the host's own.
    private(set) var hostFileVars: [String: [String: InventoryValue]] = [:]
    private(set) var hostLocations: [String: Location] = [:]
    /// Groups defined by a section or a YAML key (a group only named as a child or in a
    /// `:vars` section is not: Ansible refuses both).
    private(set) var definedGroups: Set<String> = ["all", "ungrouped"]
    /// Groups referred to without defining them, and where: children and `:vars` sections.
    private(set) var references: [(group: String, location: Location, message: String)] = []

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

    /// `ordered` is false for a group only named as a child: Ansible creates that one when its
    /// own section comes (the order globs over group names take).
    private mutating func declareGroup(_ name: String, line: Int?, ordered: Bool = true) {
        if groups[name] == nil { groups[name] = Group(location: Location(path: path, line: line)) }
        if ordered, orderedGroups.insert(name).inserted { groupOrder.append(name) }
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
            declareHost(name, at: Location(path: path, line: line))
            groups[group]!.add(host: name)
        }
        for name in names { addVars(vars, toHost: name) }
    }

    /// Merges variables into a host's own (a script's `_meta.hostvars`); the host is declared
    /// if it was not.
    mutating func addVars(_ vars: [String: InventoryValue], toHost name: String) {
        declareHost(name, at: Location(path: path, line: nil))
        hostVars[name]!.merge(vars) { $1 }
    }

    private mutating func declareHost(_ name: String, at location: Location) {
        guard hostVars[name] == nil else { return }
        hostOrder.append(name)
        hostVars[name] = [:]
        hostLocations[name] = location
    }

    mutating func addChild(_ child: String, to parent: String, line: Int?) {
        defineGroup(parent, line: line)
        declareGroup(child, line: line, ordered: false)
        if !groups[parent]!.children.contains(child) { groups[parent]!.children.append(child) }
        references.append((child, Location(path: path, line: line), "[\(parent):children] includes '\(child)', a group that is defined nowhere"))
    }

    /// Sets variables of `group`; `defining` is false for INI `[group:vars]`, which may only
    /// add to a group defined elsewhere in the inventory.
    mutating func setGroupVars(_ vars: [String: InventoryValue], for group: String, defining: Bool, line: Int?) {
        if defining { defineGroup(group, line: line) } else {
            declareGroup(group, line: line)
            references.append((group, Location(path: path, line: line), "[\(group):vars] sets variables of '\(group)', a group that is defined nowhere"))
        }
        groups[group]!.vars.merge(vars) { $1 }
    }

    /// Adds what `other` (a later source of the same folder) declares; its variables win, as
    /// the later source's do in Ansible.
    mutating func merge(_ other: InventoryDraft) {
        let referencedOnly = other.groups.keys.filter { !other.orderedGroups.contains($0) }.sorted()
        for name in other.groupOrder + referencedOnly {
            let theirs = other.groups[name]!
            if groups[name] == nil { groups[name] = Group(location: theirs.location) }
            if other.orderedGroups.contains(name), orderedGroups.insert(name).inserted { groupOrder.append(name) }
            for host in theirs.hosts { groups[name]!.add(host: host) }
            for child in theirs.children where !groups[name]!.children.contains(child) { groups[name]!.children.append(child) }
            groups[name]!.vars.merge(theirs.vars) { $1 }
        }
        for name in other.hostOrder {
            declareHost(name, at: other.hostLocations[name] ?? Location(path: other.path, line: nil))
            hostVars[name]!.merge(other.hostVars[name] ?? [:]) { $1 }
        }
        definedGroups.formUnion(other.definedGroups)
        references += other.references
    }

    /// Variables of `group_vars/NAME` and `host_vars/NAME` files (see `VariablesFolder`).
    mutating func setFileVars(group: String, _ vars: [String: InventoryValue]) { groups[group]?.fileVars.merge(vars) { $1 } }
    mutating func setFileVars(host: String, _ vars: [String: InventoryValue]) { hostFileVars[host, default: [:]].merge(vars) { $1 } }

    /// A host that has a group's name is refused where Ansible reads it in a way nobody means:
    /// its own variables go to whichever of the two Ansible created first (the group's hosts get
    /// them), and in no group it makes the group a child of `ungrouped`. Selecting it by name
    /// works (a pattern naming both is the host).
    private func refuseHostsNamedAsGroups(direct: [String: Set<String>]) throws {
        for name in hostOrder where groups[name] != nil && name != "all" && name != "ungrouped" {
            // The group of only this host (a script's short form) reads the same either way.
            if groups[name]!.hosts == [name] && groups[name]!.children.isEmpty { continue }
            let location = hostLocations[name] ?? Location(path: path, line: nil)
            let clash = "host '\(name)' has the name of a group"
            if !(hostVars[name] ?? [:]).isEmpty || !(hostFileVars[name] ?? [:]).isEmpty {
                throw InventoryError(
                    path: location.path, line: location.line,
                    message: "\(clash) and variables of its own: Ansible sets such variables on the group or the host, whichever it read first; rename one")
            }
            if (direct[name] ?? []).subtracting(["all", "ungrouped"]).isEmpty {
                throw InventoryError(
                    path: location.path, line: location.line,
                    message: "\(clash) and is in no group: Ansible makes the group a child of 'ungrouped' instead; rename one")
            }
        }
    }

    /// Applies Ansible's rules: every group is a child of `all`; hosts in no other group are
    /// `ungrouped`; a host's variables are merged from `all` (its own, then its
    /// `group_vars/all`), then its other groups by depth (parents before children) and name,
    /// then their `group_vars/` files in the same order, then the host's own, then its
    /// `host_vars/` files — Ansible's variable precedence.
    func build(relativeTo folder: String, inventoryPath: String) throws -> Inventory {
        if let undefined = references.first(where: { !definedGroups.contains($0.group) }) {
            throw InventoryError(path: undefined.location.path, line: undefined.location.line, message: undefined.message)
        }
        var parents: [String: Set<String>] = [:]
        for (name, group) in groups {
            for child in group.children { parents[child, default: []].insert(name) }
        }
        var depthCache: [String: Int] = ["all": 0]
        func depth(_ name: String, visiting: Set<String>) throws -> Int {
            if let known = depthCache[name] { return known }
            guard !visiting.contains(name) else {
                let location = groups[name]?.location
                throw InventoryError(
                    path: location?.path ?? path, line: location?.line, message: "group '\(name)' is its own ancestor (a cycle in children)")
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

        try refuseHostsNamedAsGroups(direct: direct)
        var hosts: [InventoryHost] = []
        var notes = UnhonouredVariables()
        for name in hostOrder {
            var memberOf = direct[name] ?? []
            // As Ansible's reconcile: a host is in `ungrouped` exactly when it is in no other group.
            if memberOf.subtracting(["all", "ungrouped"]).isEmpty { memberOf.insert("ungrouped") } else { memberOf.remove("ungrouped") }
            for group in memberOf { memberOf.formUnion(ancestors(of: group)) }
            memberOf.insert("all")
            let others = try memberOf.subtracting(["all"]).map { ($0, try depth($0, visiting: [])) }
                .sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
            var vars = groups["all"]?.vars ?? [:]
            vars.merge(groups["all"]?.fileVars ?? [:]) { $1 }
            for group in others { vars.merge(groups[group]?.vars ?? [:]) { $1 } }
            for group in others { vars.merge(groups[group]?.fileVars ?? [:]) { $1 } }
            vars.merge(hostVars[name] ?? [:]) { $1 }
            vars.merge(hostFileVars[name] ?? [:]) { $1 }
            let location = hostLocations[name] ?? Location(path: path, line: nil)
            let reader = HostVariables(path: location.path, line: location.line, folder: folder)
            hosts.append(try reader.host(named: name, vars: vars, groups: memberOf.sorted(), notes: &notes))
        }
        var finalGroups: [String: InventoryGroup] = [:]
        for (name, group) in groups {
            finalGroups[name] = InventoryGroup(
                name: name, hosts: group.hosts, children: group.children, vars: group.vars.merging(group.fileVars) { $1 })
        }
        // As Ansible's reconcile: `ungrouped` keeps the hosts placed there that are in no other
        // group, then gains every host in no group but `all`; every group without a parent is
        // a child of `all`, after `ungrouped`.
        let grouped = Set(hosts.filter { !$0.groups.allSatisfy { $0 == "all" || $0 == "ungrouped" } }.map(\.name))
        var ungrouped = (groups["ungrouped"]?.hosts ?? []).filter { !grouped.contains($0) }
        ungrouped += hostOrder.filter { !grouped.contains($0) && !ungrouped.contains($0) }
        finalGroups["ungrouped"]!.hosts = ungrouped
        let orphans = groupOrder.filter { $0 != "all" && $0 != "ungrouped" && parents[$0, default: []].isEmpty }
        var allChildren = ["ungrouped"]
        for child in (groups["all"]?.children ?? []) + orphans where !allChildren.contains(child) { allChildren.append(child) }
        finalGroups["all"]!.children = allChildren
        return Inventory(path: inventoryPath, hosts: hosts, groups: finalGroups, groupOrder: groupOrder, warnings: notes.warnings)
    }
}
