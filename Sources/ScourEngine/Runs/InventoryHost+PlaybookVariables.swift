import ScourCore

extension InventoryHost {
    /// What the playbook's `host.NAME` reads on this host: its inventory variables as text,
    /// with `name` and `address`.
    var playbookVariables: [String: String] {
        var variables = vars.mapValues(\.description)
        variables["name"] = name
        variables["address"] = address
        return variables
    }
}
