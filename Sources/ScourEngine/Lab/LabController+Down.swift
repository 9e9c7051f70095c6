import Foundation

extension LabController {
    /// Removes every process, namespace, link, mount point and file the lab made. Works from
    /// lab.json when there is one, else from the namespace names of `--net`, so it also cleans up
    /// after an `up` that died half-way. Returns what it removed, for the user.
    @discardableResult
    public func down() throws -> [String] {
        let machine = try LabMachine.check()
        let state = try? LabState.load(from: layout)
        let network = state?.network ?? layout.network
        let bridge = state?.bridge ?? LabLayout(network: network).bridge
        let namespaces = try machine.namespaces().filter { $0.hasPrefix("scour\(network)-") }.sorted()
        guard state != nil || !namespaces.isEmpty || machine.linkExists(bridge) else {
            throw LabError.notFound("no lab in \(layout.directory.path) and no namespaces of network \(network): nothing to take down")
        }
        var removed: [String] = []
        for host in state?.hosts ?? [] {
            let pid = supervisorPID(of: host)
            if isSupervisor(pid) { kill(pid, SIGKILL) }
        }
        try stopProcesses(in: namespaces, machine: machine)
        try machine.ip([], batch: namespaces.map { "netns del \($0)" })
        if !namespaces.isEmpty { removed.append("\(namespaces.count) network namespaces with their processes and links") }
        if machine.linkExists(bridge) {
            try machine.ip(["link", "del", bridge])
            removed.append("bridge \(bridge)")
        }
        let otherLabs = try machine.namespaces().contains { $0.range(of: #"^scour[0-9]+-"#, options: .regularExpression) != nil }
        if !otherLabs {
            removed += try CreatedMountPoints.removeAll().map { "mount point \($0)" }
        }
        if state != nil {
            try FileManager.default.removeItem(at: layout.directory)
            removed.append("lab folder \(layout.directory.path)")
        }
        return removed
    }

    /// SIGKILLs every process of the namespaces (SIGCONT first, for hung hosts) until none is left.
    private func stopProcesses(in namespaces: [String], machine: LabMachine) throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let remaining = namespaces.flatMap(machine.processes(in:))
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
