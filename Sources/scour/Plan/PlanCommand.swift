import ArgumentParser
import Foundation
import ScourCore
import ScourEngine
import ScourSyntax

/// `scour plan`: what `apply` would do on every host, found out without changing any.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Probe every host (read-only) and show exactly what apply would change, host by host.",
        discussion: """
            Exit status: 0 when every host was planned exactly (even with changes pending); 1 when \
            some hosts could not be probed; else 4 when some host has something unknown (the login \
            could not see it: log in as root or use --become); else 2 when some host has a blocked \
            step; 65 for an invalid playbook, inventory or param.
            """)

    @Argument(help: ArgumentHelp("The playbook.", valueName: "playbook"))
    var playbookPath: String

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup(title: "Run") var run: RunOptions
    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Privilege") var privilege: BecomeOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Also write the plan as JSON to this file (for apply).", valueName: "file"))
    var output: String?

    @Option(help: "text: for people; json: the plan document on stdout.")
    var format: OutputFormat = .text

    @Flag(name: .shortAndLong, help: "Every host in full (no grouping of identical plans), with its detections.")
    var verbose = false

    func validate() throws { _ = try inventory.path() }

    func run() async throws {
        var inputs = try RunInputs.load(playbookPath: playbookPath, inventory: inventory, run: run)
        let become = try privilege.request()
        inputs.hosts = inputs.hosts.map(become.applied)
        let rollout = inputs.rollout
        let connector = HostConnector(
            settings: connection.settings(retry: RetryPolicy(retries: rollout.retries, base: rollout.backoff)),
            logger: logging.makeLogger(label: "scour.plan"))
        try connector.settings.refuseUnreadableKeyFiles(of: inputs.hosts, inventoryPath: inputs.inventorySource.path)
        let style = TerminalStyle(for: STDOUT_FILENO)
        let progress = format == .text && TerminalStyle(for: STDERR_FILENO).enabled ? ProbeProgress(total: inputs.hosts.count) : nil
        let ticker = progress.map { progress in Task { while !Task.isCancelled { try? await Task.sleep(for: .seconds(1)); progress.refresh() } } }
        let plans = await Planner(inputs: inputs).plan(connector: connector, onStart: { progress?.started($0) }) { progress?.finished($0) }
        ticker?.cancel()
        progress?.finish()
        let document = PlanDocument(
            playbook: inputs.playbook, playbookSource: inputs.playbookSource, inventory: inputs.inventorySource, limit: inventory.limit,
            params: inputs.params, rollout: rollout, hosts: plans,
            identities: connector.settings.identities(of: inputs.hosts), scourVersion: Scour.configuration.version)
        if let output {
            do { try PrivateFile.write(try document.encoded(), to: output) } catch { throw commandFailure("\(error)", .hostsFailed) }
        }
        switch format {
        case .text: print(PlanTextPrinter(style: style, verbose: verbose).render(document, savedTo: output), terminator: "")
        case .json:
            FileHandle.standardOutput.write(try document.encoded())
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
        let status = ExitCode(document.summary.verdict)
        if status != .success { throw status }
    }
}
