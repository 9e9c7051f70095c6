import ArgumentParser
import Foundation
import ScourCore
import ScourEngine

/// `scour inventory HOST -i INVENTORY`: how Scour will reach one host — each connection setting
/// with where it came from (command line, inventory, ssh_config, default), its become settings,
/// its bastion chain, and what Scour will not honour for it. Connects to nothing.
struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Show how a host will be reached: each connection setting and where it came from.",
        discussion: """
            Settings come from the command line, then the inventory's variables, then the \
            ssh_config (~/.ssh/config, or -F FILE), then Scour's defaults; --jump applies only \
            to hosts whose inventory and ssh_config name no bastion. See docs/ssh-config.md. \
            Exit status: 0, or 65 for an unknown host or an invalid inventory or ssh_config.
            """
    )

    @Argument(help: "The host, by its inventory name.")
    var host: String

    @Option(name: [.short, .customLong("inventory")], help: ArgumentHelp("Ansible inventory (file, script or folder).", valueName: "file"))
    var inventoryPath: String

    @OptionGroup(title: "Connection") var connection: ConnectionOptions

    func run() throws {
        let inventory: Inventory
        do { inventory = try Inventory.load(path: inventoryPath) } catch {
            throw fail("\(error)")
        }
        guard let entry = inventory.hosts.first(where: { $0.name == host }) else {
            throw fail("\(inventoryPath): no host named '\(host)'")
        }
        let effective: EffectiveConnection
        do { effective = try connection.settings().effectiveConnection(for: entry, inventoryPath: inventoryPath) } catch {
            throw fail("\(error)")
        }
        print(HostText.terminal("\(entry.name) (\(inventoryPath))"))
        for row in HostConnectionRows(host: entry, effective: effective, warnings: inventory.warnings).rows {
            print(HostText.terminal(row))
        }
    }

    private func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("scour: \(HostText.terminal(message))\n".utf8))
        return ExitCode.invalidInput
    }
}
