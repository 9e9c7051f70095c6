import ArgumentParser
import ScourCore
import ScourEngine
import ScourSSH

extension ConnectionSettings {
    /// Refuses to start, before any host is contacted, when a key file named for `hosts` cannot
    /// be read: each one said once, with why and where it was named. Exit 65 when the inventory
    /// named one, else 64 (an ssh_config's or `--identity`'s, as for their other errors).
    func refuseUnreadableKeyFiles(of hosts: [InventoryHost], inventoryPath: String) throws {
        let unreadable = unreadableKeyFiles(of: hosts, inventoryPath: inventoryPath)
        guard !unreadable.isEmpty else { return }
        let inInventory = unreadable.contains { if case .inventory = $0.origin { true } else { false } }
        throw commandFailure(unreadable.map(\.description).joined(separator: "\nscour: "), inInventory ? .invalidInput : .usage)
    }
}

/// `--identity FILE` refused at validation when FILE cannot be read.
func validateIdentityFlag(_ path: String?) throws {
    guard let path, let problem = KeyFileAccess.problem(at: path) else { return }
    throw ValidationError(UnreadableKeyFile(path: path, origin: .commandLine(flag: "--identity"), problem: problem, hosts: []).description)
}
