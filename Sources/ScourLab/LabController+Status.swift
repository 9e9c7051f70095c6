import Foundation

extension LabController {
    public struct HostStatus: Sendable, Codable {
        public enum Power: String, Sendable, Codable {
            /// sshd answers as PID 1 of the host.
            case running
            /// Between a reboot and sshd's start.
            case booting
            /// Stopped by `scour lab stop`.
            case off
            /// Frozen by `scour lab stop --hang`.
            case hung
            /// Its supervisor is gone (the machine rebooted, or someone killed it): `scour lab up` revives it.
            case dead
        }
        public var name: String
        public var address: String
        public var infected: Bool
        /// The site holding the host (`--sites`: `site1`, …); nil in a lab without sites.
        public var site: String?
        public var power: Power
        public var boots: Int
        public var bootID: String
        /// The `scour lab tamper` modes in effect (empty: the host is honest).
        public var tamper: [String]
    }

    public func status() throws -> (state: LabState, hosts: [HostStatus]) {
        let machine = try LabMachine.check()
        let state = try LabState.load(from: layout)
        let running = machine.processes(byNamespace: state.allHosts.map(\.namespace))
        let hosts = state.allHosts.map { host -> HostStatus in
            let folder = layout.hostDirectory(host.name)
            func read(_ file: String) -> String {
                ((try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)) ?? "")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let processes = running[host.namespace] ?? []
            let power: HostStatus.Power
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("powered-off").path) {
                power = .off
            } else if !isSupervisor(supervisorPID(of: host)) {
                power = .dead
            } else if processes.contains(where: isStopped) {
                power = .hung
            } else {
                power = processes.count > 1 ? .running : .booting
            }
            return HostStatus(name: host.name, address: host.address, infected: host.infected, site: state.site(of: host)?.name, power: power,
                              boots: Int(read("boots")) ?? 0, bootID: read("run/boot_id"), tamper: tamperModes(of: host))
        }
        return (state, hosts)
    }

    /// Whether the process is stopped by a signal (state `T` in /proc/PID/stat).
    private func isStopped(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(close, offsetBy: 2)] == "T"
    }
}
