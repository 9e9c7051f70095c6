import ArgumentParser
import Dispatch
import Foundation
import ScourCore
import ScourEngine
import ScourSyntax

/// `scour apply`: the playbook across the inventory, wave by wave.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Carry out a playbook across the inventory in waves: check, act and verify every step on every host.",
        discussion: """
            Exit status: 0 when every host ended ok or changed; 1 when some host failed or was \
            unreachable (below the threshold); 3 when a wave went past max_failures and the \
            rollout halted; 65 for invalid input; 130 when interrupted (Ctrl-C: in-flight steps \
            finish, nothing new starts).
            """)

    @Argument(help: ArgumentHelp("The playbook.", valueName: "playbook"))
    var playbookPath: String

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup(title: "Run") var run: RunOptions
    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    @Flag(help: "Plain timestamped lines even on a terminal (no live view).")
    var noProgress = false

    @Option(help: "text: progress and a summary; json: the run's outcome as one document at the end.")
    var format: OutputFormat = .text

    func run() async throws {
        let inputs = try RunInputs.load(playbookPath: playbookPath, inventory: inventory, run: run)
        let runID = RolloutRunner.makeRunID()
        let logger = logging.makeLogger(label: "scour.apply")
        let connector = HostConnector(
            settings: connection.settings(retry: RetryPolicy(retries: inputs.rollout.retries, base: inputs.rollout.backoff)),
            logger: logger)
        let runner = RolloutRunner(playbook: inputs.playbook, params: inputs.params, rollout: inputs.rollout, runID: runID, logger: logger)
        let display = ApplyDisplay(live: format == .text && !noProgress && TerminalStyle(for: STDOUT_FILENO).enabled,
                                   quiet: format == .json, style: TerminalStyle(for: STDOUT_FILENO))
        display.started(runID: runID, playbook: inputs.playbook.name, hosts: inputs.hosts.count)

        let interruption = Interruption()
        signal(SIGINT, SIG_IGN)
        let sigint = DispatchSource.makeSignalSource(signal: SIGINT)
        sigint.setEventHandler {
            interruption.set()
            display.note("interrupted: letting the steps in flight finish; nothing new starts")
        }
        sigint.resume()
        let ticker = Task { while !Task.isCancelled { try? await Task.sleep(for: .seconds(1)); display.refresh() } }
        let result = try await runner.run(inputs.hosts, connector: connector, interrupted: interruption) { display.handle($0) }
        ticker.cancel()
        sigint.cancel()

        let report = ApplyReport(runID: runID, playbook: inputs.playbook.name, result: result)
        switch format {
        case .text: display.finished(report)
        case .json:
            FileHandle.standardOutput.write(try report.encoded())
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
        switch result.ending {
        case .interrupted: throw ExitCode.interrupted
        case .halted: throw ExitCode.rolloutHalted
        case .completed, .paused:
            if result.hosts.contains(where: \.countsAsFailure) { throw ExitCode.hostsFailed }
        }
    }
}
