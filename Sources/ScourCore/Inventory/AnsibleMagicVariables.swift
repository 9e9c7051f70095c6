/// The variables Ansible defines for every host beyond the inventory's own (ansible-core 2.19:
/// `Host.get_magic_vars`, `VariableManager._get_magic_variables`, the connection plugin's
/// `update_vars`). They win over an inventory variable of the same name, as in Ansible.
enum AnsibleMagicVariables {
    /// The value of one Scour renders exactly, or nil: `inventory_hostname`,
    /// `inventory_hostname_short` (the whole name for an IP address, else up to the first dot)
    /// and `group_names` (the host's groups but `all`, sorted by code point, `ungrouped` included).
    static func rendered(_ name: String, host: String, groups: [String]) -> InventoryValue? {
        switch name {
        case "inventory_hostname": return .string(host)
        case "inventory_hostname_short":
            return .string(AnsibleAddress.isIPAddress(host) ? host : String(host.prefix { $0 != "." }))
        case "group_names":
            let names = groups.filter { $0 != "all" }.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
            return .list(names.map(InventoryValue.string))
        default: return nil
        }
    }

    /// Those Scour does not render, with what they hold: they depend on the whole inventory,
    /// the play, or the controller.
    static let unrendered: [String: String] = [
        "groups": "every group's hosts", "hostvars": "every host's variables", "omit": "a placeholder that drops a task argument",
        "inventory_dir": "the inventory source's folder", "inventory_file": "the inventory source's path",
        "playbook_dir": "the playbook's folder", "ansible_playbook_python": "the controller's Python",
        "ansible_config_file": "the ansible.cfg in use", "ansible_version": "Ansible's version",
        "ansible_check_mode": "the run's --check", "ansible_diff_mode": "the run's --diff", "ansible_forks": "the run's --forks",
        "ansible_inventory_sources": "the run's inventories", "ansible_limit": "the run's --limit",
        "ansible_run_tags": "the run's --tags", "ansible_skip_tags": "the run's --skip-tags", "ansible_verbosity": "the run's -v",
        "ansible_play_hosts": "the play's hosts", "ansible_play_hosts_all": "the play's hosts",
        "ansible_play_batch": "the play's batch", "play_hosts": "the play's batch", "ansible_play_name": "the play's name",
        "ansible_role_names": "the play's roles", "ansible_play_role_names": "the play's roles",
        "ansible_dependent_role_names": "the play's roles", "role_names": "the play's roles", "role_name": "the task's role",
        "role_path": "the task's role", "ansible_role_name": "the task's role", "ansible_collection_name": "the task's role",
        "ansible_facts": "facts gathered from the host", "ansible_local": "facts gathered from the host",
    ]

    /// Ansible's `INTERNAL_STATIC_VARS`: names `ansible-inventory --list` leaves out of a host's
    /// variables even when the inventory sets them.
    static let internalNames: Set<String> = [
        "ansible_async_path", "ansible_collection_name", "ansible_config_file", "ansible_dependent_role_names",
        "ansible_diff_mode", "ansible_facts", "ansible_forks", "ansible_inventory_sources", "ansible_limit",
        "ansible_play_batch", "ansible_play_hosts", "ansible_play_hosts_all", "ansible_play_role_names",
        "ansible_playbook_python", "ansible_role_name", "ansible_role_names", "ansible_run_tags", "ansible_skip_tags",
        "ansible_verbosity", "ansible_version", "inventory_dir", "inventory_file", "inventory_hostname",
        "inventory_hostname_short", "groups", "group_names", "hostvars", "playbook_dir", "play_hosts", "role_name",
        "role_names", "role_path", "role_uuid",
    ]

    /// Why a host that sets one of the magic variables Scour does not render is refused: Ansible
    /// replaces the inventory's value with its own (`inventory_dir` and `inventory_file` excepted:
    /// the inventory's value stands), so no reading of the variable would be Ansible's.
    static func shadowing(_ name: String) -> String? {
        guard let what = unrendered[name], name != "inventory_dir", name != "inventory_file" else { return nil }
        return "sets '\(name)', the name of Ansible's magic variable (\(what)), which replaces the inventory's value; rename the variable"
    }

    /// Ansible's `COMMON_CONNECTION_VARS`: unset, Ansible fills them in from the connection
    /// plugin's settings when a task runs (`{{ ansible_host }}` is then the inventory name).
    static let connectionVariables: Set<String> = [
        "ansible_connection", "ansible_host", "ansible_user", "ansible_shell_executable", "ansible_port",
        "ansible_pipelining", "ansible_password", "ansible_timeout", "ansible_shell_type", "ansible_module_compression",
        "ansible_private_key_file",
    ]
}
