import ArgumentParser
import Foundation
import ScourCore
import ScourEngine

/// `scour join RUN --store URL [--limit PATTERN]`: one more controller on a run kept in
/// PostgreSQL — at another site, behind another bastion, or beside the first for more hands.
struct JoinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: "Work a run kept in PostgreSQL beside its other controllers: claim hosts of its open wave that this machine reaches, until the run ends.",
        discussion: """
            The run's playbook and inventory are read from the store, as its first controller \
            recorded them. Each controller claims hosts of the open wave (the canary first, as \
            ever) among those its --limit selects, works them as apply does and renews its lease \
            on them; a wave ends when all its hosts are done, by whichever controller, and \
            max_failures counts them all. A controller that dies or is cut off loses its hosts \
            after --lease; another controller whose --limit selects them then takes them over \
            from the journal, as `scour resume` would. A run that ended is not joined: `scour \
            resume` takes it up again. Exit status as for apply.
            """)

    @Argument(help: ArgumentHelp("The run id (`scour runs --store URL` lists them).", valueName: "run"))
    var runID: String

    @Option(help: ArgumentHelp("Claim only the run's hosts this pattern selects (as apply's --limit reads it, e.g. this site's group). Default: any.", valueName: "pattern"))
    var limit: String?

    @Option(help: ArgumentHelp("How long this controller's hosts stay its own after it stops renewing them (killed, cut off).", valueName: "duration"))
    var lease: Duration = Run.Sharing.defaultLease

    @OptionGroup(title: "Runs") var runs: RunsOptions
    @OptionGroup(title: "Connection") var connection: RecordedConnectionOptions
    @OptionGroup(title: "Privilege") var privilege: BecomeOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    @Flag(help: "Plain timestamped lines even on a terminal (no live view).")
    var noProgress = false

    @Option(help: "text: progress and a summary; json: the run's outcome as one document at the end.")
    var format: OutputFormat = .text

    func validate() throws { try SharingOptions.check(lease: lease) }

    func run() async throws {
        let run = try runs.open(runID)
        var guardHost: HostGuard?
        let inputs = try RunInputs.presenting {
            let joining: (inputs: RunInputs, guardHost: HostGuard?)
            do { joining = try run.joining() } catch let error as RunError { throw commandFailure("\(error)") }
            guardHost = joining.guardHost
            return joining.inputs
        }
        let claimable = try limit.map { try SharingOptions.hosts(of: inputs, matching: $0, option: "--limit") }
        try await RecordedRunSession(
            run: run, inputs: inputs, guardHost: guardHost, runs: runs, connection: connection, privilege: privilege, logging: logging,
            format: format, noProgress: noProgress, label: "scour.join"
        ).start(sharing: { _ in Run.Sharing(claimable: claimable, lease: lease) }, joining: true)
    }
}
