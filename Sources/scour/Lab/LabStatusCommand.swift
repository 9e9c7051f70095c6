import ArgumentParser
import Foundation
import ScourEngine
import ScourLab

struct LabStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show each lab host: address, infection, power, boots, boot id.")

    @OptionGroup var lab: LabOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    @Option(help: "Output: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        let controller = LabController(layout: lab.layout, logger: logging.makeLogger(label: "scour.lab"))
        let (state, hosts) = try await runLabAction { try controller.status() }
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(hosts), as: UTF8.self))
            return
        }
        let bastions = state.bastions?.count ?? 0
        let sites = state.sites ?? []
        print("lab \(lab.layout.directory.path): \(state.hosts.count) hosts\(bastions == 0 ? "" : " behind \(bastions) bastion\(bastions == 1 ? "" : "s")")"
              + "\(sites.isEmpty ? "" : " in \(sites.count) sites"), scenario \(state.scenario.rawValue)")
        for (index, site) in sites.enumerated() {
            print("  \(site.name): namespace \(site.namespace), \(state.hosts(in: site).count) hosts (scour lab exec\(lab.dirArgument) --site \(index + 1) -- COMMAND)")
        }
        let nameWidth = max(4, hosts.map(\.name.count).max() ?? 0)
        let siteColumn = sites.isEmpty ? "" : "SITE   "
        print("HOST".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  \(siteColumn)ADDRESS       INFECTED  POWER    BOOTS  BOOT ID                               TAMPER")
        for host in hosts {
            print([
                host.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                    + (sites.isEmpty ? "" : "  " + (host.site ?? "-").padding(toLength: 5, withPad: " ", startingAt: 0)),
                host.address.padding(toLength: 12, withPad: " ", startingAt: 0),
                (host.infected ? "yes" : "no").padding(toLength: 8, withPad: " ", startingAt: 0),
                host.power.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0),
                String(host.boots).padding(toLength: 5, withPad: " ", startingAt: 0),
                host.bootID.padding(toLength: 36, withPad: " ", startingAt: 0),
                host.tamper.isEmpty ? "-" : host.tamper.joined(separator: ","),
            ].joined(separator: "  "))
        }
    }
}
