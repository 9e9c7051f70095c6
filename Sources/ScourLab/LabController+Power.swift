import Foundation

extension LabController {
    /// What an operator can do to one lab host, to rehearse the faults a fleet has.
    public enum PowerAction: String, Sendable, CaseIterable {
        /// Power off: every process dies and the host's link goes down, so connections to it fail
        /// as to a machine that is off (no route to host, timeouts). Stays off until `start`.
        case stop
        /// Power on a stopped host (or resume a hung one).
        case start
        /// Freeze every process of the host (SIGSTOP): TCP connects, SSH never answers.
        case hang
        /// A hard reset: every process dies, the host boots again after the boot delay with a new boot id.
        case reboot
    }

    public func power(_ action: PowerAction, host name: String) throws {
        let machine = try LabMachine.check()
        let state = try LabState.load(from: layout)
        let host = try state.host(named: name)
        let poweredOff = layout.hostDirectory(host.name).appendingPathComponent("powered-off")
        switch action {
        case .stop:
            _ = FileManager.default.createFile(atPath: poweredOff.path, contents: nil)
            try machine.ip(grouped: [(host.linkNamespace, "link set \(host.veth) down")])
            signalAll(of: host, [SIGCONT, SIGKILL], machine: machine)
        case .start:
            try powerOn([host], machine: machine)
        case .hang:
            signalAll(of: host, [SIGSTOP], machine: machine)
        case .reboot:
            signalAll(of: host, [SIGCONT, SIGKILL], machine: machine)
        }
    }

    /// Powers hosts on (and resumes hung ones): their links up in one `ip` batch, their
    /// processes continued, their powered-off marks gone so the supervisors boot them.
    func powerOn(_ hosts: [LabState.Host], machine: LabMachine) throws {
        for host in hosts { signalAll(of: host, [SIGCONT], machine: machine) }
        try machine.ip(grouped: hosts.map { ($0.linkNamespace, "link set \($0.veth) up") })
        for host in hosts {
            try? FileManager.default.removeItem(at: layout.hostDirectory(host.name).appendingPathComponent("powered-off"))
        }
    }

    private func signalAll(of host: LabState.Host, _ signals: [Int32], machine: LabMachine) {
        for pid in machine.processes(in: host.namespace) {
            for signal in signals { kill(pid, signal) }
        }
    }
}
