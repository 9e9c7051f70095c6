import Foundation

/// `lab.json`: what `scour lab up` built, so `status`, `down` and the power commands act on
/// exactly that. Written before anything is created, so `down` can undo a half-finished `up`.
public struct LabState: Codable, Sendable, Equatable {
    public struct Host: Codable, Sendable, Equatable {
        public var name: String
        public var address: String
        public var namespace: String
        public var veth: String
        public var infected: Bool
        /// The namespace holding the other end of the host's veth and the bridge it joins: a
        /// bastion's, for a host behind it; nil for the machine's (the lab's bridge).
        public var linkNamespace: String?
        /// Its address's prefix length on that bridge; nil for the lab bridge's.
        public var prefixLength: Int?
        /// A bastion's address on the bridge it hides (`10.x.128.1/17`), in its own namespace.
        public var hiddenAddress: String?
    }

    /// The local user each host has (`scour lab up --login-user`), and how it becomes root.
    public struct LoginUser: Codable, Sendable, Equatable {
        public var name: String
        /// Its user id, and its own group's id: one no account of this machine has.
        public var uid: UInt32
        public var sudo: LabSudo
        /// The password sudo asks for (`--sudo password`); nil when it asks for none.
        public var sudoPassword: String?
    }

    /// A site (`--sites`): a network namespace of the lab's own, holding a bridge (named
    /// `LabLayout.hiddenBridge`) that its hosts' links join; the machine has no leg on it.
    public struct Site: Codable, Sendable, Equatable {
        /// `site1`, `site2`, …: also the site's group in the inventory.
        public var name: String
        public var namespace: String
        /// Its own address on its bridge, with the prefix: the lab bridge's (`10.77.0.1/16`), which
        /// no other site sees.
        public var address: String
    }

    public var formatVersion = 1
    public var network: Int
    public var bridge: String
    public var scenario: LabScenario
    public var infectedShare: String
    public var bootDelaySeconds: Double
    public var hosts: [Host]
    /// Optional, so a lab.json written before these existed still reads.
    public var loginUser: LoginUser?
    public var rootLoginRefused: Bool?
    /// The bastions in front of the hosts, outermost first (`--bastions`).
    public var bastions: [Host]?
    /// The sites the hosts are dealt to (`--sites`), in order; nil: none.
    public var sites: [Site]?

    /// Bastions first: they carry the hosts' links.
    public var allHosts: [Host] { (bastions ?? []) + hosts }
    /// The jumps to a host behind the bastions, in `-J` form (`root@10.78.0.2,root@10.78.64.2`); nil without bastions.
    public var jumpChain: String? {
        guard let bastions, !bastions.isEmpty else { return nil }
        return bastions.map { "root@\($0.address)" }.joined(separator: ",")
    }

    /// The hosts whose links join the site's bridge.
    public func hosts(in site: Site) -> [Host] { hosts.filter { $0.linkNamespace == site.namespace } }

    /// The site holding the host's link; nil outside sites.
    public func site(of host: Host) -> Site? { sites?.first { $0.namespace == host.linkNamespace } }

    /// Site K (1-based), as `scour lab exec --site K` names it.
    public func site(number: Int) throws -> Site {
        guard let sites, !sites.isEmpty else {
            throw LabError.invalid("this lab has no sites; `scour lab up N --sites 2` makes a lab of them")
        }
        guard sites.indices.contains(number - 1) else {
            throw LabError.invalid("no site \(number) in this lab: its sites are 1 to \(sites.count)")
        }
        return sites[number - 1]
    }

    public static func load(from layout: LabLayout) throws -> LabState {
        guard let data = FileManager.default.contents(atPath: layout.stateFile.path) else {
            throw LabError.notFound("no lab in \(layout.directory.path) (no lab.json); start one with `scour lab up N`")
        }
        do {
            return try JSONDecoder().decode(LabState.self, from: data)
        } catch {
            throw LabError.failed("\(layout.stateFile.path) is unreadable: \(error)")
        }
    }

    public func save(to layout: LabLayout) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: layout.stateFile, options: .atomic)
    }

    public func host(named name: String) throws -> Host {
        guard let host = allHosts.first(where: { $0.name == name }) else {
            throw LabError.invalid("no host '\(name)' in this lab (hosts: \(hosts.first?.name ?? "")…\(hosts.last?.name ?? ""))")
        }
        return host
    }
}
