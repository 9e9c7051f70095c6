import ArgumentParser
import Foundation
import ScourCore
import ScourEngine

/// `scour inventory`: how Scour reads an inventory, in Ansible's own forms so the two can be
/// compared — `--list` (as `ansible-inventory --list`), `--graph`, `--limit P --list-hosts` (as
/// `ansible all --limit P --list-hosts`) — and how it will reach one host: each connection
/// setting with where it came from (command line, inventory, ssh_config, default), its become
/// settings, its bastion chain, its variables, and what Scour will not honour for it. Connects
/// to nothing.
struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Show how Scour reads an inventory, and how a host will be reached.",
        discussion: """
            With HOST: each connection setting and where it came from. Settings come from the \
            command line, then the inventory's variables, then the ssh_config (~/.ssh/config, or \
            -F FILE), then Scour's defaults; --jump applies only to hosts whose inventory and \
            ssh_config name no bastion. See docs/ssh-config.md. Without HOST: --list, --graph or \
            --list-hosts, as Ansible prints them (docs/inventory.md). Passwords show as <redacted>. \
            Exit status: 0, or 65 for an unknown host, a pattern that selects none, or an invalid \
            inventory or ssh_config.
            """
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    @Argument(help: "The host, by its inventory name.")
    var host: String?

    @Option(name: [.short, .customLong("inventory")], help: ArgumentHelp("Ansible inventory (file, script or folder).", valueName: "file"))
    var inventoryPath: String

    @Flag(help: "Print the inventory as 'ansible-inventory --list' does (JSON).")
    var list = false

    @Flag(help: "Print the groups and hosts as 'ansible-inventory --graph' does.")
    var graph = false

    @Flag(help: "Print the hosts --limit selects, one a line, as 'ansible all --list-hosts' does.")
    var listHosts = false

    @Option(name: .shortAndLong, help: ArgumentHelp("An Ansible host pattern, for --list-hosts.", valueName: "pattern"))
    var limit: String?

    @Option(help: "With HOST: text (aligned rows) or json.")
    var format: Format = .text

    @OptionGroup(title: "Connection") var connection: ConnectionOptions

    func validate() throws {
        let modes = [list, graph, listHosts].filter { $0 }.count
        if modes > 1 { throw ValidationError("--list, --graph and --list-hosts are exclusive") }
        if (modes == 0) == (host == nil) { throw ValidationError("give a HOST, or one of --list, --graph, --list-hosts") }
        if limit != nil && !listHosts { throw ValidationError("--limit goes with --list-hosts") }
    }

    func run() throws {
        let inventory: Inventory
        do { inventory = try Inventory.load(path: inventoryPath) } catch { throw fail("\(error)") }
        InventoryOptions.printWarnings(inventory.warnings)
        if list { return print(HostText.terminalLines(AnsibleInventoryListing.json(AnsibleInventoryListing.list(inventory)))) }
        if graph { return AnsibleInventoryListing.graph(inventory).forEach { print(HostText.terminal($0)) } }
        if listHosts {
            let names: [String]
            do { names = try AnsibleInventoryListing.listHosts(inventory, pattern: HostPattern(parsing: limit ?? "all")) } catch {
                throw fail("\(error)")
            }
            return names.forEach { print(HostText.terminal($0)) }
        }
        guard let host, let entry = inventory.hosts.first(where: { $0.name == host }) else {
            throw fail("\(inventoryPath): no host named '\(host ?? "")'")
        }
        let effective: EffectiveConnection
        do { effective = try connection.settings().effectiveConnection(for: entry, inventoryPath: inventoryPath) } catch {
            throw fail("\(error)")
        }
        let rows = HostConnectionRows(host: entry, effective: effective, warnings: inventory.warnings)
        switch format {
        case .json: print(HostText.terminalLines(AnsibleInventoryListing.json(rows.json)))
        case .text:
            print(HostText.terminal("\(entry.name) (\(inventoryPath))"))
            for row in rows.rows { print(HostText.terminal(row)) }
        }
    }

    private func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("scour: \(HostText.terminal(message))\n".utf8))
        return ExitCode.invalidInput
    }
}
