import Foundation
import TestSupport

/// Random inventories and `--limit` patterns, the same for the same seed: groups of groups (a
/// DAG), host ranges, typed variables in INI and YAML spellings (templates among them), and patterns mixing names,
/// globs, regexes, positions, `&` and `!` with every separator.
struct InventoryGenerator {
    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    private mutating func next() -> UInt64 { random.next() }

    private mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    private mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
    private mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    /// Values, templates among them (magic variables, references to the generated `v0`…`v3`).
    static let iniValues = [
        "80", "True", "false", "yes", "'quoted'", "\"yes\"", "0o17", "017", "1.5", "None", "[1, 2]", "-3", "text", "0x1f", "{'a': 1}",
        "'{{inventory_hostname}}'", "in{{group_names}}", "{{inventory_hostname_short}}-{{v1}}", "'{{v0}}'", "'{{groups}}'",
    ]
    static let yamlValues = [
        "80", "true", "yes", "'quoted'", "\"yes\"", "0o17", "017", "1.5", "~", "[1, 2]", "-3", "text", "on", "1e3", "{a: 1}", "0x1f", "Off",
        "'{{ group_names }}'", "x{{ inventory_hostname_short }}", "'{{ v2 }}'", "a-{{ v0 }}-{{ inventory_hostname }}",
    ]

    /// Writes `count` inventories into `folder`; each with its patterns.
    mutating func write(count: Int, into folder: String) throws -> [(String, [String])] {
        try (0..<count).map { index in
            let groups = (0..<int(2...6)).map { "\(pick(["web", "db", "app", "edge", "cache"]))\($0)" }
            var hosts = (0..<int(3...10)).map { "\(pick(["web", "db", "node", "h"]))\(String(format: "%02d", $0))" }
            if chance(30) { hosts.append(groups[0]) }  // a host named as a group
            var members: [String: [String]] = [:], children: [String: [String]] = [:], groupVars: [String: [(String, Int)]] = [:]
            for host in hosts where chance(85) { members[pick(groups), default: []].append(host) }
            for (position, group) in groups.enumerated() where position + 1 < groups.count && chance(50) {
                children[group] = Array(Set((0..<int(1...2)).map { _ in groups[int((position + 1)...(groups.count - 1))] })).sorted()
            }
            for group in groups where chance(40) { groupVars[group] = [("v\(int(0...3))", int(0...99)), ("ansible_user", int(0...99))] }
            var hostVars: [String: [(String, Int)]] = [:]
            // A host named as a group with variables of its own is refused (docs/inventory.md): rarely.
            for host in hosts where chance(40) && (!groups.contains(host) || chance(20)) { hostVars[host] = [("v\(int(0...3))", int(0...99))] }
            let yaml = index % 2 == 1
            let path = "\(folder)/generated-\(index).\(yaml ? "yml" : "ini")"
            let text = yaml
                ? Self.yamlText(groups: groups, hosts: hosts, members: members, children: children, groupVars: groupVars, hostVars: hostVars)
                : Self.iniText(groups: groups, hosts: hosts, members: members, children: children, groupVars: groupVars, hostVars: hostVars)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return (path, (0..<12).map { _ in pattern(groups: groups, hosts: hosts) })
        }
    }

    private mutating func term(groups: [String], hosts: [String]) -> String {
        switch int(0...9) {
        case 0: return pick(hosts)
        case 1, 2: return pick(groups)
        case 3: return String(pick(groups + hosts).prefix(int(1...3))) + "*"
        case 4: return "~" + String(pick(groups + hosts).prefix(int(1...3))) + pick(["", ".*", "\\d", "[0-9]+"])
        case 5: return pick(groups) + "[\(int(-3...4))]"
        case 6: return pick(groups + ["all"]) + "[\(int(0...3)):\(pick(["", "\(int(0...5))"]))]"
        case 7: return pick(["all", "*", "ungrouped", "nosuch"])
        case 8: return pick(hosts).dropLast() + "?"
        default: return String(pick(groups).prefix(2)) + "*[\(int(-1...2))]"
        }
    }

    private mutating func pattern(groups: [String], hosts: [String]) -> String {
        var text = term(groups: groups, hosts: hosts)
        for _ in 0..<int(0...2) {
            let separator = pick([",", ":", " ", ", "])
            let prefix = pick(["", "", "&", "!"])
            text += separator + prefix + term(groups: groups, hosts: hosts)
        }
        return text
    }

    private static func iniText(
        groups: [String], hosts: [String], members: [String: [String]], children: [String: [String]],
        groupVars: [String: [(String, Int)]], hostVars: [String: [(String, Int)]]
    ) -> String {
        var lines: [String] = []
        for host in hosts where !members.values.contains(where: { $0.contains(host) }) { lines.append(hostLine(host, hostVars)) }
        for group in groups {
            lines.append("[\(group)]")
            for host in members[group] ?? [] { lines.append(hostLine(host, hostVars)) }
            if let kids = children[group] { lines += ["[\(group):children]"] + kids }
            if let vars = groupVars[group] {
                lines.append("[\(group):vars]")
                lines += vars.map { "\($0.0)=\(iniValues[$0.1 % iniValues.count])" }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func hostLine(_ host: String, _ hostVars: [String: [(String, Int)]]) -> String {
        ([host] + (hostVars[host] ?? []).map { "\($0.0)=\(iniValues[$0.1 % iniValues.count].replacingOccurrences(of: " ", with: ""))" })
            .joined(separator: " ")
    }

    private static func yamlText(
        groups: [String], hosts: [String], members: [String: [String]], children: [String: [String]],
        groupVars: [String: [(String, Int)]], hostVars: [String: [(String, Int)]]
    ) -> String {
        var lines = ["all:"]
        func host(_ name: String, indent: String) {
            guard let vars = hostVars[name] else { return lines.append("\(indent)\(name):") }
            lines.append("\(indent)\(name):")
            lines += vars.map { "\(indent)  \($0.0): \(yamlValues[$0.1 % yamlValues.count])" }
        }
        let ungrouped = hosts.filter { name in !members.values.contains(where: { $0.contains(name) }) }
        if !ungrouped.isEmpty { lines.append("  hosts:") }
        for name in ungrouped { host(name, indent: "    ") }
        lines.append("  children:")
        for group in groups {
            lines.append("    \(group):")
            if let list = members[group] {
                lines.append("      hosts:")
                for name in list { host(name, indent: "        ") }
            }
            if let kids = children[group] {
                lines.append("      children:")
                lines += kids.map { "        \($0):" }
            }
            if let vars = groupVars[group] {
                lines.append("      vars:")
                lines += vars.map { "        \($0.0): \(yamlValues[$0.1 % yamlValues.count])" }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
