import Foundation

extension LabController {
    /// Each site's namespace and bridge (`--sites`), where missing. Returns the namespaces of the
    /// sites made anew: their hosts need their links again (a namespace removed takes its veths).
    func startSites(_ state: LabState, existing: Set<String>, machine: LabMachine) throws -> Set<String> {
        let sites = state.sites ?? []
        let missing = sites.filter { !existing.contains($0.namespace) }
        try machine.ip([], batch: missing.map { "netns add \($0.namespace)" })
        for site in sites where !machine.linkExists(LabLayout.hiddenBridge, in: site.namespace) {
            try machine.ip(["-n", site.namespace], batch: Self.hiddenBridgeCommands(address: site.address) + ["link set lo up"])
        }
        return Set(missing.map(\.namespace))
    }

    /// The command line that runs `arguments` in site K's network namespace alone — the site's
    /// network with the machine's files, users and processes (the lab's key, a `scour` binary, a
    /// database's unix socket) — for `scour lab exec --site K`: where a controller of the site runs.
    public func siteEntryCommand(site number: Int, _ arguments: [String]) throws -> [String] {
        let machine = try LabMachine.check()
        let site = try LabState.load(from: layout).site(number: number)
        guard try machine.namespaces().contains(site.namespace) else {
            throw LabError.failed("\(site.name) has no namespace (\(site.namespace)): `scour lab up` with the lab's arguments makes it again")
        }
        return [machine.nsenter, "--net=/run/netns/\(site.namespace)", "--"] + arguments
    }
}
