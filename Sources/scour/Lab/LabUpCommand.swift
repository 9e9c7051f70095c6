import ArgumentParser
import Foundation
import ScourCore
import ScourEngine
import ScourLab

struct LabUpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Start N lab hosts (idempotent: an existing identical lab is checked and revived).")

    @Argument(help: "How many hosts.")
    var hosts: Int

    @Option(help: "What the hosts hold: codered-ii (the reference infection), nimda-nginx, cryptominer (docs/lab.md), or clean.")
    var scenario: LabScenario = .codeRedII

    @Option(help: ArgumentHelp("Share of hosts the scenario infects (a count or a percentage).", valueName: "share"))
    var infectedShare: Share = .percent(50)

    @Option(help: ArgumentHelp("How long a rebooting host stays down.", valueName: "duration"))
    var bootDelay: Duration = .seconds(1)

    @Option(help: ArgumentHelp("Give every host a local user NAME (the lab's key, sudo) for non-root login; the inventory logs in as NAME with become.", valueName: "name"))
    var loginUser: String?

    @Option(help: ArgumentHelp("How the login user's sudo asks: nopasswd, or password (the lab's fixed test password, in lab.json and the inventory).", valueName: "mode"))
    var sudo: LabSudo = .nopasswd

    @Flag(help: "PermitRootLogin no on every host (needs --login-user).")
    var noRootLogin = false

    @Option(help: ArgumentHelp("Put the hosts behind 1 bastion, or a chain of 2, on a bridge the machine has no leg on; the inventory jumps through them.", valueName: "count"))
    var bastions = 0

    @Option(help: ArgumentHelp("Split the hosts in order into 2 to 4 sites, each on a bridge of its own that only `scour lab exec --site K` reaches (for the controllers of a shared run); the inventory gets groups site1, site2, ….", valueName: "count"))
    var sites = 0

    @OptionGroup var lab: LabOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    func run() async throws {
        let controller = LabController(layout: lab.layout, logger: logging.makeLogger(label: "scour.lab"))
        let request = LabController.UpRequest(
            hostCount: hosts, scenario: scenario, infectedShare: infectedShare, bootDelay: bootDelay,
            access: LabAccess(loginUser: loginUser, sudo: sudo, refuseRootLogin: noRootLogin, bastions: bastions,
                              sites: sites))
        let started = ContinuousClock.now
        let neighbours = NeighbourTable.current()
        let state = try await runLabAction { try await controller.up(request) }
        let layout = lab.layout
        let infected = state.hosts.filter(\.infected).map(\.name)
        print("""
            lab up: \(state.hosts.count) hosts \(state.sites.map { "in \($0.count) sites" } ?? "on \(state.bridge) (\(layout.bridgeAddress)/\(layout.prefixLength))"), \
            scenario \(state.scenario.rawValue), ready in \((ContinuousClock.now - started).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))
              folder       \(layout.directory.path)
              inventory    \(layout.inventoryFile.path)
              known_hosts  \(layout.knownHostsFile.path)
              key          \(layout.clientKey.path)
              ssh_config   \(layout.sshConfigFile.path)
            """)
        if let user = state.loginUser {
            print("  login user   \(user.name), sudo \(user.sudo.rawValue)\(user.sudoPassword.map { " (password \($0))" } ?? "")"
                + ((state.rootLoginRefused ?? false) ? ", root login refused" : ""))
        }
        if let bastions = state.bastions, let chain = state.jumpChain {
            print("  bastions     \(bastions.map { "\($0.name) \($0.address)" }.joined(separator: ", ")): hosts only through -J \(chain)")
        }
        for site in state.sites ?? [] {
            // Dealt in order, so a site's hosts are a run of names.
            let hosts = state.hosts(in: site)
            print("  \(site.name.padding(toLength: 11, withPad: " ", startingAt: 0))  \(hosts.count) hosts \(hosts.first?.name ?? "")…\(hosts.last?.name ?? ""), reached only from namespace \(site.namespace)")
        }
        if let before = neighbours, let after = NeighbourTable.current(), after != before {
            print("  kernel       neighbour table limits net.ipv4.neigh.default.gc_thresh1/2/3 raised from \(before) to \(after) for \(state.allHosts.count) hosts on one bridge (left so after down)")
        }
        if state.scenario.infects {
            print("  infected     \(infected.count) of \(state.hosts.count): \(infected.joined(separator: " "))")
        }
        // A site's hosts answer only from inside it.
        let (tryFrom, tryLimit) = state.sites == nil ? ("scour exec", "") : ("scour lab exec\(lab.dirArgument) --site 1 -- scour exec", " --limit site1")
        print("""

            try:  \(tryFrom) -i \(layout.inventoryFile.path) --known-hosts \(layout.knownHostsFile.path)\(tryLimit) -- hostname
            stop: scour lab down\(lab.dirArgument)
            """)
    }
}
