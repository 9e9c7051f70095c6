import ScourSyntax

/// Where a playbook reads a host variable without a `??` default (`host.role`, `${host.web_root}`):
/// every host the playbook runs on must set it, which `HostVariableCheck` verifies against the
/// inventory. `host.name` and `host.address` are always set and never listed.
public struct HostVariableUse: Sendable, Hashable {
    public var name: String
    /// The first `host.NAME` of the playbook that reads it.
    public var range: SourceRange

    public init(name: String, range: SourceRange) {
        self.name = name
        self.range = range
    }
}
