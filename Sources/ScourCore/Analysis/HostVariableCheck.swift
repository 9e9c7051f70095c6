import ScourSyntax

/// Refuses to plan or apply a playbook that reads a host variable (without a `??` default)
/// that some targeted host does not set: it would silently become '' on those hosts, in paths
/// and commands alike. Pure, so the planner calls it before contacting any host.
public enum HostVariableCheck {
    /// How many host names an error lists before "and N more".
    static let namesShown = 5

    /// One error per host variable the playbook reads without a default and some of `hosts`
    /// lack, at its first read in the playbook, naming those hosts (the first few, and how many)
    /// and, when those hosts set a close name, suggesting the inventory be fixed: the playbook is
    /// the reviewed, shared side, and it works on hosts that set the name it reads. `hosts` are in inventory order, each
    /// with its variables as conditions see them (`name` and `address` included).
    public static func diagnostics(_ playbook: Playbook, hosts: [(name: String, variables: [String: String])]) -> [Diagnostic] {
        playbook.hostVariables.compactMap { use in
            let lacking = hosts.filter { $0.variables[use.name] == nil }
            guard !lacking.isEmpty else { return nil }
            let listed = lacking.prefix(namesShown).map { "'\($0.name)'" }.joined(separator: ", ")
            let more = lacking.count > namesShown ? " and \(lacking.count - namesShown) more" : ""
            let which = lacking.count == hosts.count ? "any of the \(hosts.count) hosts" : "\(lacking.count) of the \(hosts.count) hosts"
            let known = Set(lacking.flatMap(\.variables.keys))
            let close = DidYouMean.suggest(use.name, among: known.sorted())
            return .error(
                "host variable '\(use.name)' is not set on \(which): \(listed)\(more)", at: use.range,
                help: close.map { "those hosts set '\($0)': if the inventory misspells it, name it '\(use.name)' there" }
                    ?? "set it in the inventory for those hosts, or give a default: host.\(use.name) ?? \"…\"")
        }
    }
}
