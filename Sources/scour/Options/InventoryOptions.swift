import ArgumentParser
import Foundation
import ScourCore

/// The hosts a command works on: an Ansible inventory, optionally narrowed by `--limit`.
struct InventoryOptions: ParsableArguments {
    @Option(name: [.short, .customLong("inventory")], help: ArgumentHelp(
        "Ansible inventory (INI or YAML). Required, except by apply of a saved plan (which names its own).", valueName: "file"))
    var inventoryPath: String?

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Only hosts matching this Ansible pattern: names, groups, globs, ~regex, group[0], '!excluded', '&also-in', @file.",
        valueName: "pattern"))
    var limit: String?

    /// The selected hosts, in inventory order; inventory and pattern errors are reported as
    /// invalid input (exit 65) by the caller. The inventory's warnings (variables Scour does
    /// not honour) go to stderr, each once.
    func selectedHosts() throws -> [InventoryHost] {
        try inventory().select(HostPattern(parsing: limit ?? "all"))
    }

    /// The whole inventory, its warnings printed.
    func inventory() throws -> Inventory {
        let inventory = try Inventory.load(path: try path())
        Self.printWarnings(inventory.warnings)
        return inventory
    }

    /// `scour: warning: …` on stderr, each line escaped: inventory text (a script's answer
    /// above all) is not the controller's.
    static func printWarnings(_ warnings: [InventoryWarning]) {
        for warning in warnings {
            FileHandle.standardError.write(Data("scour: warning: \(HostText.terminal(warning.description))\n".utf8))
        }
    }

    func path() throws -> String {
        guard let inventoryPath else { throw ValidationError("Missing expected argument '--inventory <file>'") }
        return inventoryPath
    }
}
