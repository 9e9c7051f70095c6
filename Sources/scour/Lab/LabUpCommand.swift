import ArgumentParser
import Foundation
import ScourCore
import ScourEngine

struct LabUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start N lab hosts (idempotent: an existing identical lab is checked and revived).")

    @Argument(help: "How many hosts.")
    var hosts: Int

    @Option(help: "What the hosts hold: codered-ii (the reference infection) or clean.")
    var scenario: LabScenario = .codeRedII

    @Option(help: ArgumentHelp("Share of hosts the scenario infects (a count or a percentage).", valueName: "share"))
    var infectedShare: Share = .percent(50)

    @Option(help: ArgumentHelp("How long a rebooting host stays down.", valueName: "duration"))
    var bootDelay: Duration = .seconds(1)

    @OptionGroup var lab: LabOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    func run() async throws {
        let controller = LabController(layout: lab.layout, logger: logging.makeLogger(label: "scour.lab"))
        let request = LabController.UpRequest(
            hostCount: hosts, scenario: scenario, infectedShare: infectedShare, bootDelay: bootDelay)
        let started = ContinuousClock.now
        let state = try await runLabAction { try await controller.up(request) }
        let layout = lab.layout
        let infected = state.hosts.filter(\.infected).map(\.name)
        print("""
            lab up: \(state.hosts.count) hosts on \(state.bridge) (\(layout.bridgeAddress)/\(layout.prefixLength)), \
            scenario \(state.scenario.rawValue), ready in \((ContinuousClock.now - started).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))
              folder       \(layout.directory.path)
              inventory    \(layout.inventoryFile.path)
              known_hosts  \(layout.knownHostsFile.path)
              key          \(layout.clientKey.path)
            """)
        if state.scenario == .codeRedII {
            print("  infected     \(infected.count) of \(state.hosts.count): \(infected.joined(separator: " "))")
        }
        print("""

            try:  scour exec -i \(layout.inventoryFile.path) --known-hosts \(layout.knownHostsFile.path) -- hostname
            stop: scour lab down\(lab.dir == LabLayout.defaultDirectory.path ? "" : " --dir \(lab.dir)")
            """)
    }
}
