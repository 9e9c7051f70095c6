import ArgumentParser
import ScourEngine

/// `resume` and `join`: a run worked again with what it recorded — its hosts, its become and
/// its connection settings, each overridable on the command line — as `apply` shows it.
struct RecordedRunSession {
    var run: Run
    var inputs: RunInputs
    var guardHost: HostGuard?
    var runs: RunsOptions
    var connection: RecordedConnectionOptions
    var privilege: BecomeOptions
    var logging: LoggingOptions
    var format: OutputFormat
    var noProgress: Bool
    /// The logger's label: `scour.resume`, `scour.join`.
    var label: String

    /// Starts it; `sharing` says how this controller takes part when the run is shared.
    func start(sharing: (RunInputs) throws -> Run.Sharing, joining: Bool = false) async throws {
        var inputs = inputs
        let become = try privilege.request(recorded: run.record.become == true)
        inputs.hosts = inputs.hosts.map(become.applied)
        let logger = logging.makeLogger(label: label)
        let settings = connection.settings(run.record.connection, retry: RetryPolicy(retries: inputs.rollout.retries, base: inputs.rollout.backoff))
        try settings.refuseUnreadableKeyFiles(of: inputs.hosts, inventoryPath: inputs.inventorySource.path)
        try await RolloutSession(
            run: run, inputs: inputs,
            connector: HostConnector(settings: settings, logger: logger),
            guardHost: guardHost, format: format, noProgress: noProgress, logger: logger,
            storeFlags: runs.naming, sharing: try sharing(inputs), joining: joining
        ).start()
    }
}
