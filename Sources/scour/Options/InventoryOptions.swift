import ArgumentParser
import ScourCore

/// The hosts a command works on: an Ansible inventory, optionally narrowed by `--limit`.
struct InventoryOptions: ParsableArguments {
    @Option(name: [.short, .customLong("inventory")], help: ArgumentHelp(
        "Ansible inventory (INI or YAML). Required, except by apply of a saved plan (which names its own).", valueName: "file"))
    var inventoryPath: String?

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Only hosts matching this Ansible pattern: names, groups, globs, '!excluded', '&also-in'.",
        valueName: "pattern"))
    var limit: String?

    /// The selected hosts, in inventory order; inventory and pattern errors are reported as
    /// invalid input (exit 65) by the caller.
    func selectedHosts() throws -> [InventoryHost] {
        let inventory = try Inventory.load(path: try path())
        return try inventory.select(HostPattern(parsing: limit ?? "all"))
    }

    func path() throws -> String {
        guard let inventoryPath else { throw ValidationError("Missing expected argument '--inventory <file>'") }
        return inventoryPath
    }
}
