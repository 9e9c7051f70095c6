import Foundation

/// How sudo asks a lab's login user to become root.
public enum LabSudo: String, Codable, Sendable, CaseIterable {
    /// `NAME ALL=(ALL) NOPASSWD: ALL`
    case nopasswd
    /// `NAME ALL=(ALL) ALL`, with the password `LabAccounts.sudoPassword`.
    case password
}

/// How a lab's hosts are reached, as a real fleet's are (`scour lab up --login-user`, `--sudo`,
/// `--no-root-login`, `--bastions`, `--sites`; docs/lab.md, "A fleet's way in" and "Sites"). The
/// default is the plain lab: root logs in directly.
public struct LabAccess: Sendable, Equatable {
    /// A local user every host has, for non-root login with sudo; nil: root only.
    public var loginUser: String?
    public var sudo: LabSudo
    /// `PermitRootLogin no` on every host (not on the bastions, which root reaches).
    public var refuseRootLogin: Bool
    /// Bastions in front of the hosts: 0 (reached directly), 1, or 2 chained.
    public var bastions: Int
    /// Sites the hosts are split into, each reached only from inside (`LabSites`): 0 (none), 2…4.
    public var sites: Int

    public static let maximumBastions = 2

    public init(loginUser: String? = nil, sudo: LabSudo = .nopasswd, refuseRootLogin: Bool = false, bastions: Int = 0,
                sites: Int = 0) {
        self.loginUser = loginUser
        self.sudo = sudo
        self.refuseRootLogin = refuseRootLogin
        self.bastions = bastions
        self.sites = sites
    }

    /// Refuses what cannot make a working lab.
    func validate(hostCount: Int) throws {
        guard (0...Self.maximumBastions).contains(bastions) else {
            throw LabError.invalid("--bastions is 0, 1 or 2 (a chain of two jumps), not \(bastions)")
        }
        try LabSites.validate(sites: sites, hostCount: hostCount, bastions: bastions)
        if let name = loginUser {
            guard name.range(of: "^[a-z_][a-z0-9_-]{0,31}$", options: .regularExpression) != nil, name != "root" else {
                throw LabError.invalid("--login-user must be a user name (lower-case letters, digits, _ and -; not root), not '\(name)'")
            }
            guard getpwnam(name) == nil, getgrnam(name) == nil else {
                throw LabError.invalid("this machine already has a user or group '\(name)'; the lab's hosts get their own user and group, so choose a name the machine lacks")
            }
        } else if refuseRootLogin {
            throw LabError.invalid("--no-root-login needs --login-user, or no one could log in")
        }
    }

    /// What a lab recorded in lab.json, as the access it was asked for (to compare a second `up`).
    init(_ state: LabState) {
        self.init(loginUser: state.loginUser?.name, sudo: state.loginUser?.sudo ?? .nopasswd,
                  refuseRootLogin: state.rootLoginRefused ?? false, bastions: state.bastions?.count ?? 0, sites: state.sites?.count ?? 0)
    }

    /// For messages: `, login user alice (sudo password), no root login, 2 bastions` (or `, 2 sites`).
    var summary: String {
        var parts: [String] = []
        if let loginUser { parts.append("login user \(loginUser) (sudo \(sudo.rawValue))") }
        if refuseRootLogin { parts.append("no root login") }
        if bastions > 0 { parts.append("\(bastions) bastion\(bastions == 1 ? "" : "s")") }
        if sites > 0 { parts.append("\(sites) sites") }
        return parts.map { ", " + $0 }.joined()
    }
}
