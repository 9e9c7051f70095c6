import Foundation
import Logging
import ScourCore

extension Run {
    /// How this process takes part in a run several controllers share (a run kept in
    /// PostgreSQL): which of its hosts it claims, under what lease, and whether it takes up a
    /// run that ended (`resume`) or joins it as it is (`apply`, `join`).
    public struct Sharing: Sendable {
        /// The hosts this controller claims (its `--limit` of the run's); nil: any.
        public var claimable: Set<String>?
        /// How long its claims outlive it when it stops renewing them (killed, cut off).
        public var lease: Duration
        public var reopening: Bool

        public static let defaultLease: Duration = .seconds(10)

        public init(claimable: Set<String>? = nil, lease: Duration = defaultLease, reopening: Bool = false) {
            self.claimable = claimable
            self.lease = lease
            self.reopening = reopening
        }
    }

    /// What a controller joining the run works from (`scour join`): the playbook and inventory
    /// as the store kept their bytes, and the saved plan's drift check as `resumption` gives it.
    /// Refused for a run kept in a folder, which has one controller at a time.
    public func joining() throws -> (inputs: RunInputs, guardHost: HostGuard?) {
        guard stored is any SharedRun else {
            throw RunError("run \(runID) is kept in the folder store \(stored.location): only a run kept in PostgreSQL (--store) has several controllers")
        }
        let copies = try stored.copies()
        let inputs = try RunInputs.recorded(playbookFile: copies.playbook, inventoryFile: copies.inventory, params: record.params,
                                            rollout: record.rollout, hostNames: record.hostNames)
        return (inputs, try planGuard())
    }

    /// `execute` on a shared run: joins it as a controller, works what it claims, leaves.
    /// The result is the whole run's as the journal then tells it, whoever worked each host.
    func executeShared(
        _ shared: any SharedRun, _ inputs: RunInputs, connector: HostConnector, logger: Logger, guardHost: HostGuard?,
        sharing: Sharing, onStart: (RunHistory?) -> Void, onEvent: @escaping @Sendable (RolloutRunner.Event) -> Void
    ) async throws -> RolloutRunner.Result {
        let earlier = try history()
        let wake = Wakeup()
        let claims = try shared.join(as: ControllerIdentity(), lease: sharing.lease, reopening: sharing.reopening, onChange: { wake.signal() })
        defer { claims.leave() }
        let journal = Journal(sink: claims.journalSink())
        setOpenJournal(journal)
        defer {
            setOpenJournal(nil)
            journal.close()
        }
        onStart(earlier.attempts > 0 ? earlier : nil)
        let runner = SharedRolloutRunner(
            inputs: inputs, runID: runID, logger: logger, claims: claims, waves: record.waves,
            claimable: sharing.claimable.map { Set(inputs.hosts.map(\.name)).intersection($0) } ?? Set(inputs.hosts.map(\.name)),
            lease: sharing.lease, wake: wake, readHistory: { [stored] in try stored.history() })
        let (ending, arrived) = try await runner.run(
            connector: connector, interrupted: interruption, journal: journal,
            arrival: earlier.attempts == 0 ? .runStarted(pid: getpid()) : .runResumed(pid: getpid()),
            history: earlier.attempts > 0 ? earlier : nil, guardHost: guardHost, onEvent: onEvent)
        // The last controller to stop says the run stopped; while others work, it goes on.
        if arrived, ending == .interrupted, !((try? claims.othersAreWorking()) ?? true) {
            try? await journal.append(.runEnded(.interrupted))
        }
        return RolloutRunner.Result(ending: ending, record: record, history: try history())
    }
}

extension RolloutRunner.Result {
    /// A run's outcome as its journal tells it: every host in wave order (`not_run` where
    /// none began), each wave's latest result.
    init(ending: RunEnding, record: RunRecord, history: RunHistory) {
        self.init(
            ending: ending,
            waves: history.waveResults.keys.sorted().compactMap { history.waveResults[$0]?.last },
            hosts: record.waves.enumerated().flatMap { index, names in
                names.map { history.hosts[$0]?.outcome(wave: index + 1) ?? HostOutcome(name: $0, wave: index + 1, status: .notRun) }
            })
    }
}
