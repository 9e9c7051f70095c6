import ScourCore

extension InventoryHost {
    /// What the playbook's `host.NAME` reads on this host: its inventory variables as text,
    /// with `name` and `address`, less the passwords (`SecretVariables`; check refuses a
    /// playbook that reads one, and they are not here to be found by any other way).
    var playbookVariables: [String: String] {
        var variables = vars.filter { !SecretVariables.names.contains($0.key) }.mapValues(\.description)
        variables["name"] = name
        variables["address"] = address
        return variables
    }
}
