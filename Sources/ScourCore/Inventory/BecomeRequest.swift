/// What the command line says about privilege escalation: `--become` for the hosts whose
/// inventory does not say (`ansible_become` decides where it is set, as in Ansible), and the
/// password `--ask-become-pass` was given, for the hosts that become without one of their own.
public struct BecomeRequest: Sendable, Equatable {
    public var become: Bool
    public var password: Secret?

    public init(become: Bool = false, password: Secret? = nil) {
        self.become = become
        self.password = password
    }

    /// `host` with the request filled in where its inventory left it open.
    public func applied(to host: InventoryHost) -> InventoryHost {
        var host = host
        if host.become.enabled == nil, become { host.become.enabled = true }
        if host.become.enabled == true, host.become.password == nil { host.become.password = password }
        return host
    }
}
