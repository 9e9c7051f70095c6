import ScourCore

/// The lines of `scour inventory HOST`: `setting  value  origin`, aligned, then what applies to
/// the host but is not honoured (ssh_config lines, skipped `Match` blocks, inventory variables),
/// then its own variables (`ansible_*` ones are in the rows above or among the not honoured).
struct HostConnectionRows {
    let host: InventoryHost
    let effective: EffectiveConnection
    let warnings: [InventoryWarning]

    var rows: [String] {
        var table: [(String, String, SettingOrigin)] = [
            ("address", effective.address.value, effective.address.origin),
            ("port", "\(effective.port.value)", effective.port.origin),
            ("user", effective.user.value, effective.user.origin),
        ]
        if effective.identityFiles.isEmpty, let keys = effective.defaultIdentities {
            table.append(("identity", keys.value, keys.origin))
        }
        for file in effective.identityFiles { table.append(("identity", file.value, file.origin)) }
        table.append(("identities only", effective.identitiesOnly.value ? "yes" : "no", effective.identitiesOnly.origin))
        table.append(("known hosts", effective.knownHostsFiles.value.joined(separator: " "), effective.knownHostsFiles.origin))
        table.append(("connect timeout", effective.connectTimeout.value.scourLiteral, effective.connectTimeout.origin))
        let chain = effective.jumps.value.isEmpty ? "none (direct)" : effective.jumps.value.map(\.description).joined(separator: ",")
        table.append(("bastions", chain, effective.jumps.origin))
        table.append(("become", effective.become.value ? "yes" : "no", effective.become.origin))
        table.append(("become user", effective.becomeUser.value, effective.becomeUser.origin))
        table.append(("become method", effective.becomeMethod.value.description, effective.becomeMethod.origin))
        let nameWidth = table.map(\.0.count).max() ?? 0
        let valueWidth = table.map(\.1.count).max() ?? 0
        var lines = table.map { name, value, origin in
            "  " + name.padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
                + value.padding(toLength: valueWidth + 2, withPad: " ", startingAt: 0) + origin.description
        }
        if let refusal = host.refusal { lines.append("  not contacted: \(refusal)") }
        for line in effective.unsupported { lines.append("  not honoured: \(line.value) (\(line.origin))") }
        lines += effective.notes.map { "  note: \($0)" }
        for warning in warnings where warning.hosts.contains(host.name) {
            lines.append("  not honoured: \(warning.subject): \(warning.instead)")
        }
        for (name, value) in host.vars.sorted(by: { $0.key < $1.key }) where !name.hasPrefix("ansible_") {
            lines.append("  variable \(name) = \(SecretVariables.names.contains(name) ? "<redacted>" : value.description)")
        }
        return lines
    }

    /// `scour inventory HOST --format json`: each setting as `{"value", "origin"}`, the
    /// host's variables (passwords `<redacted>`, templates rendered), and what is not honoured.
    var json: [String: Any] {
        func setting(_ value: Any, _ origin: SettingOrigin) -> [String: Any] { ["value": value, "origin": origin.description] }
        var identities = effective.identityFiles.map { setting($0.value, $0.origin) }
        if identities.isEmpty, let keys = effective.defaultIdentities { identities = [setting(keys.value, keys.origin)] }
        var variables = host.vars.mapValues { $0.json }
        for name in host.vars.keys where SecretVariables.names.contains(name) { variables[name] = "<redacted>" }
        var result: [String: Any] = [
            "host": host.name,
            "hostname": setting(effective.address.value, effective.address.origin),
            "port": setting(effective.port.value, effective.port.origin),
            "user": setting(effective.user.value, effective.user.origin),
            "identity_files": identities,
            "identities_only": setting(effective.identitiesOnly.value, effective.identitiesOnly.origin),
            "known_hosts_files": setting(effective.knownHostsFiles.value, effective.knownHostsFiles.origin),
            "connect_timeout_seconds": setting(
                Double(effective.connectTimeout.value.components.seconds) + Double(effective.connectTimeout.value.components.attoseconds) / 1e18,
                effective.connectTimeout.origin),
            "proxy_jump": setting(effective.jumps.value.map(\.description), effective.jumps.origin),
            "become": setting(effective.become.value, effective.become.origin),
            "become_user": setting(effective.becomeUser.value, effective.becomeUser.origin),
            "become_method": setting(effective.becomeMethod.value.description, effective.becomeMethod.origin),
            "groups": host.groups,
            "variables": variables,
            "not_honoured": effective.unsupported.map { "\($0.value) (\($0.origin))" }
                + warnings.filter { $0.hosts.contains(host.name) }.map { "\($0.subject): \($0.instead)" },
            "notes": effective.notes,
        ]
        if let refusal = host.refusal { result["not_contacted"] = refusal }
        return result
    }
}
