/// Collects the `ansible_*` variables Scour does not honour while an inventory is built, so
/// each is named once (with its hosts) instead of being silently ignored.
struct UnhonouredVariables {
    /// Variables Scour reads (docs/inventory.md); `ansible_connection` is read too: a non-SSH
    /// value refuses the host rather than warning.
    static let honoured: Set<String> = [
        "ansible_host", "ansible_ssh_host", "ansible_port", "ansible_ssh_port", "ansible_user", "ansible_ssh_user",
        "ansible_ssh_private_key_file", "ansible_private_key_file", "ansible_password", "ansible_ssh_pass", "ansible_ssh_password",
        "ansible_become", "ansible_become_user", "ansible_sudo_user", "ansible_su_user", "ansible_runas_user", "ansible_become_method",
        "ansible_become_password", "ansible_become_pass", "ansible_sudo_pass",
        "ansible_ssh_common_args", "ansible_ssh_extra_args", "ansible_connection",
    ]

    private var order: [String] = []
    private var entries: [String: (hosts: [String], instead: String)] = [:]

    /// Notes every unhonoured `ansible_*` variable of `host`.
    mutating func noteVariables(of host: String, _ vars: [String: InventoryValue]) {
        for name in vars.keys.sorted() where name.hasPrefix("ansible_") && !Self.honoured.contains(name) {
            note(name, host: host, instead: Self.instead(for: name))
        }
    }

    mutating func note(_ subject: String, host: String, instead: String) {
        if entries[subject] == nil {
            order.append(subject)
            entries[subject] = ([], instead)
        }
        if entries[subject]!.hosts.last != host { entries[subject]!.hosts.append(host) }
    }

    var warnings: [InventoryWarning] {
        order.map { InventoryWarning(subject: $0, hosts: entries[$0]!.hosts, instead: entries[$0]!.instead) }
    }

    /// What Scour does instead of what the variable asks.
    static func instead(for name: String) -> String {
        let ownClient = "scour connects with its own SSH client (libssh2), to which this does not apply"
        switch name {
        case "ansible_python_interpreter": return "scour runs no Python on the hosts"
        case "ansible_shell_type", "ansible_shell_executable":
            let shells = Platform.allCases.map { "\($0.rules.shellName) on \($0.rawValue)" }
            return "scour picks the shell from scour_platform: " + shells.joined(separator: ", ")
        case "ansible_become_exe", "ansible_become_flags", "ansible_sudo_exe", "ansible_sudo_flags":
            return "scour runs sudo from the host's PATH with its own flags"
        case "ansible_sudo", "ansible_sudo_password", "ansible_su", "ansible_su_pass":
            return "ignored; use ansible_become, ansible_become_user and ansible_become_password"
        case "ansible_host_key_checking", "ansible_ssh_host_key_checking":
            return "scour always checks host keys against --known-hosts; --accept-new-host-keys records unknown ones"
        case "ansible_timeout", "ansible_ssh_timeout": return "scour uses --connect-timeout"
        case "ansible_group_priority": return "scour merges group variables by depth, then by group name"
        case "ansible_ssh_executable", "ansible_ssh_pipelining", "ansible_pipelining", "ansible_ssh_transfer_method",
            "ansible_scp_extra_args", "ansible_sftp_extra_args", "ansible_sftp_batch_mode", "ansible_scp_if_ssh",
            "ansible_ssh_retries", "ansible_ssh_args", "ansible_control_path", "ansible_control_path_dir":
            return ownClient
        default:
            if name.hasPrefix("ansible_winrm_") || name.hasPrefix("ansible_psrp_") {
                return "scour reaches Windows hosts through OpenSSH for Windows, not WinRM"
            }
            return "scour ignores it"
        }
    }
}
