import ArgumentParser
import Foundation
import ScourCore
import ScourEngine

/// `scour exec -i INVENTORY [--limit P] -- COMMAND`: one command on every host at once.
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command on every host of an inventory at once and report each host's output and status.",
        discussion: """
            The command is run by the login shell of the remote user, exactly as written. Exit \
            status: 0 when it exited 0 everywhere, 1 when any host failed, exited non-zero or \
            could not be reached, 65 for an invalid inventory or pattern.

            Example — who has the Code Red II backdoor?
              scour exec -i hosts.ini -- 'ls -l /var/www/scripts/root.exe'
            """
    )

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Privilege") var privilege: BecomeOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    @Option(help: "Hosts worked on at once.")
    var concurrency: Int = 64

    @Option(help: ArgumentHelp("Abandon the command on a host after this long.", valueName: "duration"))
    var timeout: Duration?

    @Option(help: "Output: text (per host, then a summary) or json (one document).")
    var format: OutputFormat = .text

    /// Only the words after `--`: everything before is Scour's own, so `--help` shows help and
    /// a mistyped flag is refused instead of being run on every host as part of the command.
    @Argument(parsing: .postTerminator, help: "The command (after --).")
    var command: [String] = []

    func validate() throws {
        _ = try inventory.path()
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        guard !command.isEmpty else { throw ValidationError("give the command to run after --") }
        if let timeout, timeout <= .zero { throw ValidationError("--timeout must be positive") }
    }

    func run() async throws {
        let logger = logging.makeLogger(label: "scour.exec")
        let hosts: [InventoryHost]
        let become = try privilege.request()
        do {
            hosts = try inventory.selectedHosts().map(become.applied)
        } catch {
            FileHandle.standardError.write(Data("scour: \(error)\n".utf8))
            throw ExitCode.invalidInput
        }
        let adHoc = AdHocCommand(command: command.joined(separator: " "), timeout: timeout, concurrency: concurrency)
        let connector = HostConnector(settings: connection.settings(), logger: logger)
        try connector.settings.refuseUnreadableKeyFiles(of: hosts, inventoryPath: try inventory.path())
        let clock = ContinuousClock()
        let start = clock.now
        var outcomes: [HostCommandOutcome] = []
        let printer = ExecTextPrinter(style: TerminalStyle(for: STDOUT_FILENO))
        await adHoc.run(on: hosts, connector: connector) { outcome in
            outcomes.append(outcome)
            if format == .text { printer.printOutcome(outcome) }
        }
        let summary = HostCommandSummary(outcomes)
        switch format {
        case .text: printer.printSummary(summary, outcomes: outcomes, elapsed: clock.now - start)
        case .json: try printJSON(ExecReport(command: adHoc.command, outcomes: outcomes, elapsed: clock.now - start))
        }
        if !summary.allSucceeded { throw ExitCode.hostsFailed }
    }

    private func printJSON(_ report: ExecReport) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        FileHandle.standardOutput.write(try encoder.encode(report))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
