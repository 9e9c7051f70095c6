import Foundation

extension LabController {
    /// Removes every process, namespace, link, mount point and file the lab made — only those:
    /// what lab.json (written before anything else) records, and the network objects only while
    /// this folder holds the network's claim. No lab.json, nothing removed: a folder without a lab
    /// says so instead of guessing which lab was meant. Returns what it removed, for the user.
    @discardableResult
    public func down() throws -> [String] {
        let machine = try LabMachine.check()
        guard FileManager.default.fileExists(atPath: layout.stateFile.path) else {
            throw LabError.notFound("no lab in \(layout.directory.path) (no lab.json): nothing to take down. `scour lab down` removes only what a lab recorded; name its folder with --dir")
        }
        let state = try LabState.load(from: layout)
        var removed: [String] = []
        for host in state.allHosts {
            let pid = supervisorPID(of: host)
            if isSupervisor(pid) { kill(pid, SIGKILL) }
        }
        let owner = NetworkClaim.owner(of: state.network)
        if owner == nil || owner == layout.directory.path {
            let existing = try machine.namespaces()
            let sites = (state.sites ?? []).map { (name: $0.name, namespace: $0.namespace) }
            // A site's processes too: whatever `scour lab exec --site` left running there.
            let namespaces = (state.allHosts.map(\.namespace) + sites.map(\.namespace)).filter(existing.contains)
            try stopProcesses(in: namespaces, machine: machine)
            // The bastions' and sites' hidden bridges, inside their namespaces (they would go with them; named here as made).
            let holders = (state.bastions ?? []).map { (name: $0.name, namespace: $0.namespace) } + sites
            for holder in holders where existing.contains(holder.namespace)
                && machine.linkExists(LabLayout.hiddenBridge, in: holder.namespace) {
                try machine.ip(["-n", holder.namespace, "link", "del", LabLayout.hiddenBridge])
                removed.append("bridge \(LabLayout.hiddenBridge) of \(holder.name)")
            }
            try machine.ip([], batch: namespaces.map { "netns del \($0)" })
            if !namespaces.isEmpty { removed.append("\(namespaces.count) network namespaces with their processes and links") }
            if machine.linkExists(state.bridge) {
                try machine.ip(["link", "del", state.bridge])
                removed.append("bridge \(state.bridge)")
            }
            NetworkClaim.release(state.network, for: layout.directory)
        } else if let owner {
            removed.append("nothing of network \(state.network), which the lab in \(owner) holds now")
        }
        let otherLabs = try machine.namespaces().contains { $0.range(of: #"^scour[0-9]+-"#, options: .regularExpression) != nil }
        if !otherLabs {
            removed += try CreatedMountPoints.removeAll().map { "mount point \($0)" }
        }
        try FileManager.default.removeItem(at: layout.directory)
        removed.append("lab folder \(layout.directory.path)")
        return removed
    }

    /// SIGKILLs every process of the namespaces (SIGCONT first, for hung hosts) until none is left.
    private func stopProcesses(in namespaces: [String], machine: LabMachine) throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let remaining = machine.processes(byNamespace: namespaces).values.joined()
            if remaining.isEmpty { return }
            guard ContinuousClock.now < deadline else {
                throw LabError.failed("processes \(remaining.prefix(10).map(String.init).joined(separator: ", ")) of the lab do not die")
            }
            for pid in remaining {
                kill(pid, SIGCONT)
                kill(pid, SIGKILL)
            }
            usleep(50_000)
        }
    }
}
