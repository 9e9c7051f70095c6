import Foundation

extension LabController {
    /// The lab bridge, the sites' namespaces with their bridges, and for every host (bastions
    /// first) without one a namespace with its veth pair. A host's link is made where its bridge
    /// is: the lab bridge on the machine, or the hidden bridge inside its bastion's or site's
    /// namespace; a bastion or site brought back gets its hosts' links again (they went with its
    /// namespace).
    func startNetwork(_ state: LabState, machine: LabMachine) throws {
        // The table counts the entries of every namespace: each host is the machine's neighbour
        // on the bridge, and has the machine (or its bastion) as its own.
        try NeighbourTable.raise(toFit: 2 * state.allHosts.count)
        if !machine.linkExists(state.bridge) {
            try machine.ip([], batch: [
                "link add \(state.bridge) type bridge",
                "addr add \(layout.bridgeAddress)/\(layout.prefixLength) dev \(state.bridge)",
                "link set \(state.bridge) up",
            ])
        }
        let existing = try machine.namespaces()
        var relinked = try startSites(state, existing: existing, machine: machine)
        let needLink = state.allHosts.filter { host in
            let needs = !existing.contains(host.namespace) || host.linkNamespace.map(relinked.contains) == true
            if needs { relinked.insert(host.namespace) }
            return needs
        }
        try machine.ip([], batch: needLink.filter { !existing.contains($0.namespace) }.map { "netns add \($0.namespace)" })
        // The machine's side first, then each bastion's in order (a bastion's hidden bridge is
        // made with its namespace, before the links that join it), then the sites'.
        for side in [nil] + (state.bastions ?? []).map(\.namespace) + (state.sites ?? []).map(\.namespace) {
            let group = needLink.filter { $0.linkNamespace == side }
            let bridge = side == nil ? state.bridge : LabLayout.hiddenBridge
            try machine.ip(side.map { ["-n", $0] } ?? [], batch: group.flatMap { host in
                ["link add \(host.veth) type veth peer name eth0 netns \(host.namespace)", "link set \(host.veth) master \(bridge) up"]
            })
            for host in group {
                var commands = [
                    "addr add \(host.address)/\(host.prefixLength ?? layout.prefixLength) dev eth0", "link set eth0 up", "link set lo up",
                ]
                if let hidden = host.hiddenAddress, !machine.linkExists(LabLayout.hiddenBridge, in: host.namespace) {
                    commands += Self.hiddenBridgeCommands(address: hidden)
                }
                try machine.ip(["-n", host.namespace], batch: commands)
                if host.hiddenAddress != nil {
                    // A bastion relays through its sshd alone (PermitOpen), never by routing packets.
                    try machine.ip(["netns", "exec", host.namespace, "sysctl", "-qw", "net.ipv4.ip_forward=0"])
                }
            }
        }
    }

    /// `ip` commands making the hidden bridge of a bastion or site, in its namespace, with its address there.
    static func hiddenBridgeCommands(address: String) -> [String] {
        ["link add \(LabLayout.hiddenBridge) type bridge", "addr add \(address) dev \(LabLayout.hiddenBridge)",
         "link set \(LabLayout.hiddenBridge) up"]
    }
}
