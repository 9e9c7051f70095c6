import ScourCore

/// Who looks at a host: the login user and, through sudo, the user it becomes. What a probe
/// can see depends on it (a folder only root may search), so a saved plan records it per host
/// and `apply plan.json` refuses to act as anyone else (docs/plan-format.md).
public struct HostIdentity: Sendable, Codable, Equatable, CustomStringConvertible {
    public var login: String
    /// The user sudo runs everything as; nil without become.
    public var become: String?

    public init(login: String, become: String?) {
        self.login = login
        self.become = become
    }

    public var description: String { become.map { "\(login) with become to \($0)" } ?? "\(login) without become" }
}

extension ConnectionSettings {
    /// Each host's identity as it would log in now: the effective login user (command line,
    /// inventory, ssh_config, `$USER`) and become as the inventory and `--become` resolve it
    /// (the hosts as `BecomeRequest.applied` left them).
    public func identities(of hosts: [InventoryHost]) -> [String: HostIdentity] {
        Dictionary(hosts.map { host in
            let login = (try? effectiveConnection(for: host, inventoryPath: "the inventory").user.value) ?? user ?? host.user ?? ""
            return (host.name, HostIdentity(login: login, become: host.become.enabled == true ? host.become.user : nil))
        }, uniquingKeysWith: { first, _ in first })
    }
}

extension PlanDocument {
    /// Why the plan may not be applied as `now` (each host's identity at apply): every host
    /// planned as another identity, named with both; nil when all match.
    public func identityRefusal(_ now: [String: HostIdentity]) -> String? {
        guard let identities else { return "the plan does not record who looked at its hosts: plan again" }
        let differing = waves.flatMap { $0 }.compactMap { name -> String? in
            guard let applying = now[name], let planned = identities[name], planned != applying else { return nil }
            return "\(name): planned as \(planned), applying as \(applying)"
        }
        guard !differing.isEmpty else { return nil }
        let shown = differing.prefix(10).joined(separator: "; ") + (differing.count > 10 ? "; … and \(differing.count - 10) more" : "")
        return "the plan was made by another identity than this apply's (\(shown)): what a probe sees depends on it — plan again as this identity, or apply as the plan's"
    }
}
