import ArgumentParser
import Foundation
import ScourCore
import ScourEngine

/// `scour apply`: the playbook across the inventory, wave by wave — or exactly a saved plan.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Carry out a playbook (or a saved plan) across the inventory in waves: check, act and verify every step on every host.",
        discussion: """
            Every run is recorded in RUNS/RUN/ (run.json, copies of the playbook and inventory, \
            journal.jsonl): `scour status`, `resume`, `restore` and `report` take its id. \
            With a plan.json (from `scour plan -o`), the plan's playbook, inventory, params and \
            hosts are used; both files must be unchanged, the plan younger than --max-plan-age, \
            and a host that changed since it was probed is left alone and reported drifted \
            (unless --replan).

            Exit status: 0 when every host ended ok or changed; 1 when some host failed, was \
            unreachable or drifted (below the threshold); 3 when a wave went past max_failures \
            and the rollout halted (never after the last wave); 65 for invalid input; 130 when \
            interrupted (Ctrl-C: in-flight steps finish, nothing new starts; Ctrl-C again or \
            SIGTERM: stop now; `scour resume RUN` goes on). Failed, unreachable, unknown and \
            drifted hosts count toward max_failures (drifted ones not with --drift-is-not-failure).
            """)

    @Argument(help: ArgumentHelp("The playbook, or a plan saved by `scour plan -o plan.json`.", valueName: "playbook|plan.json"))
    var source: String

    @OptionGroup var inventory: InventoryOptions
    @OptionGroup(title: "Run") var run: RunOptions
    @OptionGroup(title: "Connection") var connection: ConnectionOptions
    @OptionGroup(title: "Privilege") var privilege: BecomeOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions
    @OptionGroup(title: "Runs") var runs: RunsOptions
    @OptionGroup(title: "Shared runs") var sharingOptions: SharingOptions

    @Option(help: ArgumentHelp("With a saved plan: refuse it when older than this.", valueName: "duration"))
    var maxPlanAge: Duration = .seconds(24 * 3600)

    @Flag(help: "With a saved plan: work on hosts that drifted since, deciding on their state now.")
    var replan = false

    @Flag(help: "Drifted hosts do not count toward max_failures (failed, unreachable and unknown ones still do); recorded for resume.")
    var driftIsNotFailure = false

    @Flag(help: "Plain timestamped lines even on a terminal (no live view).")
    var noProgress = false

    @Option(help: "text: progress and a summary; json: the run's outcome as one document at the end.")
    var format: OutputFormat = .text

    private var isPlan: Bool { source.hasSuffix(".json") }

    func validate() throws {
        if isPlan {
            guard run.params.isEmpty, inventory.limit == nil else {
                throw ValidationError("a saved plan fixes its params and hosts: plan again instead of --param or --limit")
            }
        } else {
            _ = try inventory.path()
        }
    }

    func run() async throws {
        var (inputs, waves, plan) = try isPlan ? loadPlan() : loadPlaybook()
        let become = try privilege.request()
        inputs.hosts = inputs.hosts.map(become.applied)
        let settings = connection.settings(retry: RetryPolicy(retries: inputs.rollout.retries, base: inputs.rollout.backoff))
        try settings.refuseUnreadableKeyFiles(of: inputs.hosts, inventoryPath: inputs.inventorySource.path)
        if let plan, let refusal = plan.document.identityRefusal(settings.identities(of: inputs.hosts)) {
            throw commandFailure("\(source): \(refusal)")
        }
        let record = RunRecord(
            runID: Run.makeID(), scourVersion: Scour.configuration.version, playbook: inputs.playbook,
            playbookSource: inputs.playbookSource, inventory: inputs.inventorySource,
            plan: plan.map { PlanDocument.Source($0.file) }, replan: replan, become: privilege.become,
            driftIsNotFailure: driftIsNotFailure,
            limit: plan?.document.limit ?? inventory.limit, params: inputs.params, rollout: inputs.rollout, waves: waves, connection: connection.record)
        let store = try runs.store()
        let run: Run
        do {
            run = try Run.create(in: store, record: record, inputs: inputs)
        } catch {
            throw commandFailure("\(error)", .hostsFailed)
        }
        let sharing = try sharingOptions.sharing(inputs, reopening: false)
        let logger = logging.makeLogger(label: "scour.apply")
        try await RolloutSession(
            run: run, inputs: inputs,
            connector: HostConnector(settings: settings, logger: logger),
            guardHost: replan ? nil : plan?.document.driftGuard, format: format, noProgress: noProgress, logger: logger,
            storeFlags: runs.naming, sharing: sharing
        ).start()
    }

    /// A plan saved by `scour plan -o`, and its file as read.
    private typealias SavedPlan = (document: PlanDocument, file: InputFile)

    private func loadPlaybook() throws -> (RunInputs, [[String]], SavedPlan?) {
        let inputs = try RunInputs.load(playbookPath: source, inventory: inventory, run: run)
        return (inputs, WaveSchedule(hostNames: inputs.hosts.map(\.name), cumulativeShares: inputs.rollout.waves).waves, nil)
    }

    /// The saved plan, checked: readable, young enough, its files unchanged.
    private func loadPlan() throws -> (RunInputs, [[String]], SavedPlan?) {
        guard let file = try? InputFile.read(source) else { throw commandFailure("\(source) is not a plan scour can read: cannot read \(source)") }
        let plan: PlanDocument
        do { plan = try PlanDocument.decode(file.bytes) } catch { throw commandFailure("\(source) is not a plan scour can read: \(error)") }
        guard plan.formatVersion == PlanDocument.currentFormatVersion else {
            throw commandFailure("\(source) has format_version \(plan.formatVersion); this scour reads \(PlanDocument.currentFormatVersion)")
        }
        let age = Date().timeIntervalSince(plan.createdAt)
        guard age <= Double(maxPlanAge.components.seconds) else {
            throw commandFailure("\(source) was made \(Duration.seconds(Int64(age)).scourLiteral) ago, more than --max-plan-age \(maxPlanAge.scourLiteral): plan again")
        }
        var planInventory = plan.inventory
        if let given = inventory.inventoryPath { planInventory.path = given }
        var inputs = try RunInputs.presenting {
            try RunInputs.recorded(playbook: plan.playbook, inventory: planInventory, params: plan.params, rollout: plan.rollout,
                                   hostNames: plan.waves.flatMap { $0 }, since: "the plan was made")
        }
        inputs.rollout = try run.override(inputs.rollout)
        let waves = run.waves == nil ? plan.waves
            : WaveSchedule(hostNames: inputs.hosts.map(\.name), cumulativeShares: inputs.rollout.waves).waves
        return (inputs, waves, (plan, file))
    }
}
