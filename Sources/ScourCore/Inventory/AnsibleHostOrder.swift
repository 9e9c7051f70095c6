extension Inventory {
    /// The hosts of a group in Ansible's order (`Group.get_hosts`): its own hosts, then its
    /// children's, level by level. Ansible walks each level below the first from a Python set of
    /// groups, so where groups of one level descend from two or more parents their order is not
    /// defined (it changes from run to run): `ambiguous` says so, and positions (`web[0]`) in such
    /// a group are refused rather than guessed.
    func ansibleHosts(ofGroup name: String) -> (hosts: [String], ambiguous: Bool) {
        guard let group = groups[name] else { return ([], false) }
        var ordered = [name] + group.children
        var seen = Set(ordered)
        var unprocessed = group.children
        var ambiguous = false
        while !unprocessed.isEmpty {
            var next: [String] = []
            var parentsWithNew = 0
            for parent in unprocessed {
                let fresh = (groups[parent]?.children ?? []).filter { !seen.contains($0) && !next.contains($0) }
                if !fresh.isEmpty { parentsWithNew += 1 }
                next += fresh
            }
            if parentsWithNew > 1 { ambiguous = true }
            ordered += next
            seen.formUnion(next)
            unprocessed = next
        }
        var hosts: [String] = [], known: Set<String> = []
        for member in ordered {
            for host in groups[member]?.hosts ?? [] where known.insert(host).inserted { hosts.append(host) }
        }
        return (hosts, ambiguous)
    }
}
