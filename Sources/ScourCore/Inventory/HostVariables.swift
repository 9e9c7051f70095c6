import Foundation

/// Reads the connection variables Scour understands out of a host's merged variables, and
/// checks them: a bad port, platform or jump host is an error at the host's line, not a
/// surprise later. Variables it does not honour go to `notes`, to be named in a warning.
struct HostVariables {
    let path: String
    let line: Int?
    /// The inventory's folder: relative key paths are resolved against it.
    let folder: String

    /// The `ansible_connection` values that mean SSH (Ansible's own names for its SSH plugins).
    static let sshConnections: Set<String> = [
        "ssh", "smart", "paramiko", "paramiko_ssh", "ansible.builtin.ssh", "ansible.builtin.paramiko_ssh",
    ]

    /// Ansible's aliases of each setting, in its own order: where a host has more than one,
    /// the last wins (ansible-core resolves a plugin option from the last of its variables that
    /// is set, at whatever level), so `ansible_ssh_user` on a group beats `ansible_user` on the host.
    static let addressNames = ["ansible_host", "ansible_ssh_host"]
    static let portNames = ["ansible_port", "ansible_ssh_port"]
    static let userNames = ["ansible_user", "ansible_ssh_user"]
    static let keyNames = ["ansible_private_key_file", "ansible_ssh_private_key_file"]
    static let passwordNames = ["ansible_password", "ansible_ssh_pass", "ansible_ssh_password"]
    static let becomePasswordNames = ["ansible_become_password", "ansible_become_pass", "ansible_sudo_pass"]

    /// The become user's names, which depend on the method as in Ansible's become plugins:
    /// `sudo` also reads `ansible_sudo_user`, `su` `ansible_su_user`, `runas` `ansible_runas_user`.
    static func becomeUserNames(method: String) -> [String] {
        ["sudo", "su", "runas"].contains(method) ? ["ansible_become_user", "ansible_\(method)_user"] : ["ansible_become_user"]
    }

    /// Which of `names` gives the setting: the last one set to something other than null.
    static func setter(_ names: [String], in vars: [String: InventoryValue]) -> String? {
        names.last { vars[$0] != nil && vars[$0] != .null }
    }

    static func value(_ names: [String], in vars: [String: InventoryValue]) -> InventoryValue? {
        setter(names, in: vars).flatMap { vars[$0] }
    }

    /// `declared` are the host's variables as the inventory writes them; templates in them are
    /// rendered (`InventoryTemplate`) and a host with one Scour cannot render is refused, unless
    /// the variable is an `ansible_*` one Scour does not read.
    func host(
        named name: String, vars declared: [String: InventoryValue], groups: [String], notes: inout UnhonouredVariables
    ) throws -> InventoryHost {
        var vars = declared
        var refusal: String?
        let scope = InventoryTemplate.Scope(host: name, groups: groups, vars: declared)
        for key in declared.keys.sorted() where InventoryTemplate.containsTemplate(declared[key]!) {
            do { vars[key] = try InventoryTemplate.render(declared[key]!, in: scope) } catch {
                vars[key] = nil
                let read = !key.hasPrefix("ansible_") || UnhonouredVariables.honoured.contains(key)
                if read, refusal == nil {
                    let shown = SecretVariables.names.contains(key) ? "<redacted>" : "'\(declared[key]!)'"
                    refusal = "host '\(name)': \(key)=\(shown): \(error.message); Ansible would render it, and scour will not use the template's text"
                }
            }
        }
        for key in declared.keys.sorted() {
            // Ansible's magic variables win over the inventory's: its value is never used.
            if let magic = AnsibleMagicVariables.rendered(key, host: name, groups: groups) { vars[key] = magic }
            if refusal == nil, let reason = AnsibleMagicVariables.shadowing(key) { refusal = "host '\(name)': \(reason)" }
        }
        var host = InventoryHost(name: name, address: name, vars: vars, groups: groups)
        host.declaredVars = declared
        if let address = Self.value(Self.addressNames, in: vars) { host.address = address.description }
        if let port = Self.value(Self.portNames, in: vars) {
            guard let number = Int(port.description), (1...65535).contains(number) else {
                throw error("host '\(name)': ansible_port must be a number from 1 to 65535, not '\(port)'")
            }
            host.port = number
        }
        host.user = Self.value(Self.userNames, in: vars)?.description
        if let key = Self.value(Self.keyNames, in: vars) { host.privateKeyFile = resolve(key.description) }
        if let password = Self.value(Self.passwordNames, in: vars) { host.password = Secret(password.description) }
        if let platform = vars["scour_platform"] {
            guard let typed = Platform(rawValue: platform.description) else {
                throw error("host '\(name)': scour_platform must be \(Platform.listed()), not '\(platform)'")
            }
            host.platform = typed
        }
        host.become = try become(of: name, vars)
        host.jumps = try jumps(of: name, vars, notes: &notes)
        if let connection = vars["ansible_connection"]?.description, !Self.sshConnections.contains(connection) {
            host.refusal = Self.refusal(connection: connection)
        }
        host.refusal = refusal ?? host.refusal
        notes.noteVariables(of: name, vars)
        return host
    }

    private func become(of name: String, _ vars: [String: InventoryValue]) throws -> Become {
        var become = Become()
        if let value = vars["ansible_become"] {
            guard let enabled = AnsibleBoolean.parse(value) else {
                throw error("host '\(name)': ansible_become must be a boolean (true/false, yes/no, 1/0), not '\(value)'")
            }
            become.enabled = enabled
        }
        if let method = vars["ansible_become_method"]?.description { become.method = Become.Method(method) }
        let userNames = Self.becomeUserNames(method: become.method.description)
        if let setter = Self.setter(userNames, in: vars) {
            let user = vars[setter]!.description
            guard !user.isEmpty else { throw error("host '\(name)': \(setter) is empty") }
            become.user = user
        }
        if let password = Self.value(Self.becomePasswordNames, in: vars) {
            become.password = Secret(password.description)
        }
        return become
    }

    /// The jump chain from the SSH argument variables (common first, as Ansible passes them);
    /// every other option they hold is noted as unsupported.
    private func jumps(of name: String, _ vars: [String: InventoryValue], notes: inout UnhonouredVariables) throws -> [JumpHost]? {
        var jumps: [JumpHost]?
        for variable in ["ansible_ssh_common_args", "ansible_ssh_extra_args"] {
            guard let text = vars[variable]?.description else { continue }
            let arguments: SSHArguments
            do { arguments = try SSHArguments(parsing: text) } catch {
                throw self.error("host '\(name)': \(variable): \(error.message)")
            }
            if jumps == nil { jumps = arguments.jumps }
            for option in arguments.unsupported {
                notes.note("\(variable) option '\(option)'", host: name, instead: Self.insteadOfSSHOption(option))
            }
        }
        return jumps
    }

    private static func insteadOfSSHOption(_ option: String) -> String {
        let key = SSHArguments.keyValue(String(option.dropFirst(3))).key.lowercased()
        switch key {
        case "proxycommand": return "ignored; scour follows ProxyJump (-J) chains only"
        case "stricthostkeychecking", "userknownhostsfile":
            return "ignored; scour checks host keys against --known-hosts (--accept-new-host-keys records unknown ones)"
        default: return "ignored; scour connects with its own SSH client (libssh2)"
        }
    }

    /// Why a host with a non-SSH `ansible_connection` is not contacted.
    static func refusal(connection: String) -> String {
        let windows = ["winrm", "psrp", "ansible.builtin.winrm", "ansible.builtin.psrp"].contains(connection)
        return "ansible_connection=\(connection): scour reaches hosts over SSH only"
            + (windows ? "; Windows hosts are reached through OpenSSH for Windows (with scour_platform=windows)" : "")
    }

    private func resolve(_ keyPath: String) -> String {
        if keyPath == "~" || keyPath.hasPrefix("~/") {
            let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
            return home + keyPath.dropFirst()
        }
        if keyPath.hasPrefix("/") { return keyPath }
        return (folder as NSString).appendingPathComponent(keyPath)
    }

    private func error(_ message: String) -> InventoryError {
        InventoryError(path: path, line: line, message: message)
    }
}
