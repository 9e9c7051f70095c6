import Foundation

/// A `--limit` pattern with Ansible's meaning: terms separated by `,` (or `:`), each a host
/// name, a group, `all`/`*`, a glob (`web*`), or a regular expression (`~web\d+`); `&term`
/// intersects, `!term` excludes. Unions apply first, then intersections, then exclusions,
/// whatever the order written — as Ansible does.
public struct HostPattern: Sendable, CustomStringConvertible {
    enum Operation { case union, intersection, exclusion }
    struct Term {
        var operation: Operation
        var text: String
    }

    public let text: String
    let terms: [Term]

    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let separator: Character = trimmed.contains(",") || trimmed.hasPrefix("~") ? "," : ":"
        var terms: [Term] = []
        for raw in trimmed.split(separator: separator).map({ $0.trimmingCharacters(in: .whitespaces) }) where !raw.isEmpty {
            switch raw.first {
            case "!": terms.append(Term(operation: .exclusion, text: String(raw.dropFirst())))
            case "&": terms.append(Term(operation: .intersection, text: String(raw.dropFirst())))
            default: terms.append(Term(operation: .union, text: raw))
            }
        }
        guard !terms.isEmpty, terms.allSatisfy({ !$0.text.isEmpty }) else {
            throw InventoryError(path: "--limit", line: nil, message: "empty host pattern '\(text)'")
        }
        for term in terms where term.text.hasPrefix("~") {
            guard (try? NSRegularExpression(pattern: String(term.text.dropFirst()))) != nil else {
                throw InventoryError(path: "--limit", line: nil, message: "invalid regular expression in '\(term.text)'")
            }
        }
        self.text = text
        self.terms = terms
    }

    public var description: String { text }

    /// Names of the hosts the pattern selects.
    func matches(in inventory: Inventory) -> Set<String> {
        let unions = terms.filter { $0.operation == .union }
        var selected: Set<String> = unions.isEmpty ? Set(inventory.hosts.map(\.name)) : []
        for term in unions { selected.formUnion(hosts(matching: term.text, in: inventory)) }
        for term in terms where term.operation == .intersection { selected.formIntersection(hosts(matching: term.text, in: inventory)) }
        for term in terms where term.operation == .exclusion { selected.subtract(hosts(matching: term.text, in: inventory)) }
        return selected
    }

    private func hosts(matching term: String, in inventory: Inventory) -> Set<String> {
        if term == "all" || term == "*" { return Set(inventory.hosts.map(\.name)) }
        if inventory.groups[term] != nil { return inventory.members(ofGroup: term) }
        if inventory.hosts.contains(where: { $0.name == term }) { return [term] }
        let matches: (String) -> Bool
        if term.hasPrefix("~"), let regex = try? NSRegularExpression(pattern: String(term.dropFirst())) {
            matches = { name in regex.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil }
        } else if term.contains(where: { "*?[".contains($0) }) {
            matches = { name in fnmatch(term, name, 0) == 0 }
        } else {
            return []
        }
        var found = Set(inventory.hosts.map(\.name).filter(matches))
        for group in inventory.groups.keys where matches(group) { found.formUnion(inventory.members(ofGroup: group)) }
        return found
    }
}
