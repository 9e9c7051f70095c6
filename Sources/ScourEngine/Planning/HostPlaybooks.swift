import ScourCore

/// The playbook as each host gets it: its interpolated paths, patterns and names resolved with
/// the params and that host's variables. Made for the whole inventory at once, before any host
/// is contacted, so a value refused on one host (a web root of `/`) stops the run before it
/// starts, naming every host it would have been wrong on.
struct HostPlaybooks: Sendable {
    private let playbook: Playbook
    private let byHost: [String: Playbook]

    /// `hosts`: each host's name and its variables as the playbook reads them, in inventory order.
    init(_ playbook: Playbook, params: [String: Value], hosts: [(name: String, variables: [String: String])]) throws(ResolutionError) {
        self.playbook = playbook
        guard !playbook.interpolations.isEmpty else {
            byHost = [:]
            return
        }
        var byHost: [String: Playbook] = [:]
        var problems: [String] = []
        for host in hosts {
            let context = EvaluationContext(detected: [], params: params, host: host.variables, changed: false)
            do {
                byHost[host.name] = try playbook.resolved(in: context, host: host.name)
            } catch {
                problems += error.problems
            }
        }
        guard problems.isEmpty else { throw ResolutionError(problems: problems) }
        self.byHost = byHost
    }

    /// The playbook `host` gets (the playbook itself when it interpolates nothing).
    subscript(host: String) -> Playbook { byHost[host] ?? playbook }
}
