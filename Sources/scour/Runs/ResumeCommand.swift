import ArgumentParser
import Foundation
import ScourCore
import ScourEngine

/// `scour resume RUN`: goes on with a run that crashed, was interrupted, halted or paused, or
/// tries again the hosts a completed run left failed, unreachable, unknown or drifted.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Go on with a run that crashed, was interrupted, halted at a threshold or paused at a manual wave, or try again the hosts a completed run did not clean.",
        discussion: """
            Reads the run's journal: hosts that finished cleanly are left alone; on every other \
            host, steps that finished are not redone, a step that was acting when the run stopped \
            is checked again first (its check decides whether work is left; a reboot whose host \
            is already in a new boot is not repeated), failed steps are tried again, and the waves \
            continue from where they stopped. The playbook and inventory must be unchanged. \
            Exit status as for apply.
            """)

    @Argument(help: ArgumentHelp("The run id (`scour runs` lists them).", valueName: "run"))
    var runID: String

    @OptionGroup(title: "Runs") var runs: RunsOptions
    @OptionGroup(title: "Shared runs") var sharingOptions: SharingOptions
    @OptionGroup(title: "Connection") var connection: RecordedConnectionOptions
    @OptionGroup(title: "Privilege") var privilege: BecomeOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    @Flag(help: "Plain timestamped lines even on a terminal (no live view).")
    var noProgress = false

    @Option(help: "text: progress and a summary; json: the run's outcome as one document at the end.")
    var format: OutputFormat = .text

    func run() async throws {
        let run = try runs.open(runID)
        var guardHost: HostGuard?
        let inputs = try RunInputs.presenting {
            let resumption = try run.resumption()
            guardHost = resumption.guardHost
            return resumption.inputs
        }
        try await RecordedRunSession(
            run: run, inputs: inputs, guardHost: guardHost, runs: runs, connection: connection, privilege: privilege, logging: logging,
            format: format, noProgress: noProgress, label: "scour.resume"
        ).start(sharing: { try sharingOptions.sharing($0, reopening: true) })
    }
}
