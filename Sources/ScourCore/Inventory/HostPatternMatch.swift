import Foundation

/// How Ansible evaluates a pattern's terms (`_evaluate_patterns`, `_match_one_pattern`,
/// `_enumerate_matches`, `_apply_subscript` in lib/ansible/inventory/manager.py).
extension HostPattern {
    /// Names of the hosts the pattern selects.
    func matches(in inventory: Inventory) throws -> Set<String> {
        let hostNames = Set(inventory.hosts.map(\.name))
        var selected: Set<String> = []
        for term in terms {
            // A term naming a host is that host, even when a group has the same name.
            if hostNames.contains(term) {
                selected.insert(term)
                continue
            }
            let found = Set(try hosts(matching: "!&".contains(term.first!) ? String(term.dropFirst()) : term, in: inventory))
            switch term.first {
            case "!": selected.subtract(found)
            case "&": selected.formIntersection(found)
            default: selected.formUnion(found)
            }
        }
        return selected
    }

    /// One term without its `&`/`!`: groups whose name matches (all their hosts), then hosts
    /// whose name matches when no group did or the term is a glob or regex; then the subscript.
    private func hosts(matching term: String, in inventory: Inventory) throws -> [String] {
        let (expression, position) = Self.splitSubscript(term)
        let matches = Self.matcher(expression)
        var results: [String] = []
        var ambiguous: [String] = []
        let groups = inventory.groupOrder.filter(matches)
        for group in groups {
            let members = inventory.ansibleHosts(ofGroup: group)
            results += members.hosts
            if members.ambiguous { ambiguous.append(group) }
        }
        if groups.isEmpty || expression.hasPrefix("~") || expression.contains(where: { ".?*[".contains($0) }) {
            results += inventory.hosts.map(\.name).filter(matches)
        }
        guard let position, !results.isEmpty else { return results }
        guard ambiguous.isEmpty else {
            throw InventoryError(
                path: "--limit", line: nil,
                message: "'\(term)' picks by position in \(ambiguous.map { "'\($0)'" }.joined(separator: ", ")), whose hosts Ansible orders differently from run to run (groups nested under more than one parent); name the hosts instead")
        }
        switch position {
        case .index(let index):
            let position = index < 0 ? results.count + index : index
            guard results.indices.contains(position) else {
                throw InventoryError(path: "--limit", line: nil, message: "no host at the position '\(term)' asks for: it matches \(results.count) hosts")
            }
            return [results[position]]
        case .range(let start, let end):
            // Python's slicing, as Ansible applies it: `[x:]` runs to the end, out-of-range bounds clamp.
            let last = end ?? results.count - 1
            guard start < results.count, start <= last else { return [] }
            return Array(results[start...min(last, results.count - 1)])
        }
    }

    enum Subscript: Equatable { case index(Int), range(Int, Int?) }

    private static let subscriptPattern = try! NSRegularExpression(pattern: #"^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$"#)

    /// `_split_subscript`: `web[0]` is `web` at position 0; a regex has none. `[x:0]` is position
    /// x, as in Ansible (its end 0 reads as "no end").
    static func splitSubscript(_ term: String) -> (String, Subscript?) {
        guard !term.hasPrefix("~"),
            let match = subscriptPattern.firstMatch(in: term, range: NSRange(term.startIndex..., in: term))
        else { return (term, nil) }
        func group(_ index: Int) -> String? { Range(match.range(at: index), in: term).map { String(term[$0]) } }
        let expression = group(1)!
        if let index = group(2), let number = Int(index) { return (expression, .index(number)) }
        guard let start = group(3).flatMap({ Int($0) }) else { return (term, nil) }
        let endText = group(5) ?? ""
        guard let end = Int(endText.isEmpty ? "-1" : endText) else { return (term, nil) }
        if end == 0 { return (expression, .index(start)) }
        return (expression, .range(start, end == -1 ? nil : end))
    }

    /// `_match_list`: a regex (`~`) matched at the name's start, else a glob over the whole name.
    private static func matcher(_ expression: String) -> (String) -> Bool {
        if expression.hasPrefix("~") {
            let regex = try? NSRegularExpression(pattern: String(expression.dropFirst()))
            return { name in regex?.firstMatch(in: name, options: .anchored, range: NSRange(name.startIndex..., in: name)) != nil }
        }
        return { name in fnmatch(expression, name, FNM_NOESCAPE) == 0 }
    }
}
