import Foundation

/// Reads the connection variables Scour understands out of a host's merged variables, and
/// checks them: a bad port or platform is an error at the host's line, not a surprise later.
struct HostVariables {
    let path: String
    let line: Int?
    /// The inventory's folder: relative key paths are resolved against it.
    let folder: String

    func host(named name: String, vars: [String: InventoryValue], groups: [String]) throws -> InventoryHost {
        var host = InventoryHost(name: name, address: name, vars: vars, groups: groups)
        if let address = vars["ansible_host"] ?? vars["ansible_ssh_host"] { host.address = address.description }
        if let port = vars["ansible_port"] ?? vars["ansible_ssh_port"] {
            guard let number = Int(port.description), (1...65535).contains(number) else {
                throw error("host '\(name)': ansible_port must be a number from 1 to 65535, not '\(port)'")
            }
            host.port = number
        }
        host.user = (vars["ansible_user"] ?? vars["ansible_ssh_user"])?.description
        if let key = vars["ansible_ssh_private_key_file"] ?? vars["ansible_private_key_file"] {
            host.privateKeyFile = resolve(key.description)
        }
        if let password = vars["ansible_password"] ?? vars["ansible_ssh_pass"] {
            host.password = Secret(password.description)
        }
        if let platform = vars["scour_platform"] {
            guard ["linux", "windows"].contains(platform.description) else {
                throw error("host '\(name)': scour_platform must be linux or windows, not '\(platform)'")
            }
            host.platform = platform.description
        }
        return host
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
