import ScourCore
import ScourSSH

/// A key file named for some hosts — by `--identity` or the inventory — that cannot be read:
/// found before any host is contacted, so a mistyped path or a key readable only by another user
/// is reported as such rather than as hosts that could not be reached. (An ssh_config's
/// `IdentityFile` that cannot be read is skipped, as OpenSSH skips it: `HostRoute`.)
public struct UnreadableKeyFile: Sendable, CustomStringConvertible {
    public var path: String
    public var origin: SettingOrigin
    /// Why: "no such file", "permission denied" (`KeyFileAccess`).
    public var problem: String
    /// The hosts it was named for, in inventory order (not said for `--identity`: all of them).
    public var hosts: [String]

    public init(path: String, origin: SettingOrigin, problem: String, hosts: [String]) {
        self.path = path
        self.origin = origin
        self.problem = problem
        self.hosts = hosts
    }

    public var description: String {
        let shown = hosts.prefix(3).joined(separator: ", ") + (hosts.count > 3 ? " and \(hosts.count - 3) more" : "")
        let named = if case .commandLine = origin { "" } else { " for \(shown)" }
        return "cannot read the key file \(path), named by \(origin)\(named): \(problem)"
    }
}

extension ConnectionSettings {
    /// The key files named for `hosts` that cannot be read, each once. Scour's default keys
    /// (`~/.ssh/id_ed25519` …) and the ssh_config's are offered only when present, so they are
    /// not checked; nor are
    /// hosts the inventory refuses or whose ssh_config cannot be resolved (reported as theirs).
    public func unreadableKeyFiles(of hosts: [InventoryHost], inventoryPath: String) -> [UnreadableKeyFile] {
        var found: [UnreadableKeyFile] = []
        for host in hosts where host.refusal == nil {
            guard let effective = try? effectiveConnection(for: host, inventoryPath: inventoryPath) else { continue }
            for file in effective.identityFiles where !file.origin.isSSHConfig {
                if let index = found.firstIndex(where: { $0.path == file.value && $0.origin == file.origin }) {
                    found[index].hosts.append(host.name)
                } else if let problem = KeyFileAccess.problem(at: file.value) {
                    found.append(UnreadableKeyFile(path: file.value, origin: file.origin, problem: problem, hosts: [host.name]))
                }
            }
        }
        return found
    }
}

extension SettingOrigin {
    /// Whether an ssh_config line set it.
    var isSSHConfig: Bool {
        if case .sshConfig = self { true } else { false }
    }
}
