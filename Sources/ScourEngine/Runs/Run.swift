import Foundation
import Logging
import ScourCore
import Synchronization

/// One run of a playbook over an inventory, and its life: its record, copies and journal in a
/// store (a run folder, or a database: `RunStore`), held by one process at a time, started,
/// resumed and restored from here. This is the engine's run API — `apply`, `resume` and
/// `restore` only choose what to print; a server or a scheduler would call the same.
///
/// Stopping: `interrupt()` (a first Ctrl-C) lets the steps in flight finish and starts nothing
/// new; `stopNow()` (a second Ctrl-C, or SIGTERM) abandons them: the journal gets its last line
/// at once, the steps in flight stay recorded as started without an end, and `resume` checks
/// them on their hosts again before anything else.
public final class Run: Sendable {
    public let stored: any StoredRun
    public let record: RunRecord
    let interruption = Interruption()
    /// The journal while an attempt holds the run, so `stopNow` can seal it.
    private let openJournal = Mutex<Journal?>(nil)

    private init(stored: any StoredRun, record: RunRecord) {
        self.stored = stored
        self.record = record
    }

    /// A new run in `store`: its record and copies written durably before any host is
    /// contacted. The copies are the bytes `inputs` were read from, not the files as they are now.
    public static func create(in store: any RunStore, record: RunRecord, inputs: RunInputs) throws -> Run {
        Run(stored: try store.create(record, playbook: inputs.playbookFile, inventory: inputs.inventoryFile), record: record)
    }

    /// The run `runID` in `store`.
    public static func open(in store: any RunStore, runID: String) throws -> Run {
        let stored = try store.open(runID)
        return Run(stored: stored, record: try stored.record())
    }

    /// A new run in the folder store under `root`.
    public static func create(root: String, record: RunRecord, inputs: RunInputs) throws -> Run {
        try create(in: FolderRunStore(root: root), record: record, inputs: inputs)
    }

    /// The run `runID` in the folder store under `root`.
    public static func open(root: String, runID: String) throws -> Run {
        try open(in: FolderRunStore(root: root), runID: runID)
    }

    /// The run's folder, for a run kept in the folder store (tools and tests read its files).
    public var folder: RunFolder {
        guard let folder = stored as? RunFolder else { preconditionFailure("run \(runID) is kept in \(stored.location), not in a folder") }
        return folder
    }

    public var runID: String { record.runID }

    /// A fresh run id: UTC time and 4 random hex digits, sortable (`20261125-053702-3fa1`).
    public static func makeID(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: now) + "-" + String(format: "%04x", UInt16.random(in: 0 ... .max))
    }

    /// The journal read back.
    public func history() throws -> RunHistory { try stored.history() }

    /// Where the run stands (`status`, `report`).
    public func report() throws -> RunReport {
        var report = RunReport(record: record, history: try history(), activeProcess: stored.activeProcess())
        report.controllers = try (stored as? any SharedRun)?.controllers()
        return report
    }

    /// What a resume works from: the recorded inputs (files unchanged since the run started),
    /// and the saved plan's drift check when the run applies a plan without `--replan`.
    /// Refused when the run has nothing left to do.
    public func resumption() throws -> (inputs: RunInputs, guardHost: HostGuard?) {
        let history = try history()
        let steps = record.steps.map(\.name)
        if history.ending == .completed, record.hostNames.allSatisfy({ history.hosts[$0]?.isDone(steps: steps) ?? false }) {
            throw RunError("run \(runID) completed; nothing to resume")
        }
        let inputs = try RunInputs.recorded(playbook: record.playbook, inventory: record.inventory, params: record.params,
                                            rollout: record.rollout, hostNames: record.hostNames, since: "run \(runID) started")
        return (inputs, try planGuard())
    }

    /// The saved plan's drift check, for a run that applies a plan without `--replan`.
    func planGuard() throws -> HostGuard? {
        guard record.replan != true, let source = record.plan else { return nil }
        guard let data = FileManager.default.contents(atPath: source.path) else { throw RunError("cannot read the run's plan \(source.path)") }
        do { return try PlanDocument.decode(data).driftGuard } catch { throw RunError("\(source.path): \(error)") }
    }

    /// Runs (or, when the journal has an earlier attempt, resumes) the rollout: takes the run,
    /// records the attempt's start, works the waves, records how it ended. A run several
    /// controllers share (`SharedRun`) is joined instead, as `sharing` says. Throws `RunError`
    /// when the run is held by another process or its journal cannot be written; a journal
    /// that fails between waves stops the run there (the error says how to go on).
    public func execute(
        _ inputs: RunInputs, connector: HostConnector, logger: Logger, guardHost: HostGuard?, sharing: Sharing = Sharing(),
        onStart: (RunHistory?) -> Void = { _ in }, onEvent: @escaping @Sendable (RolloutRunner.Event) -> Void
    ) async throws -> RolloutRunner.Result {
        if let shared = stored as? any SharedRun {
            do {
                return try await executeShared(shared, inputs, connector: connector, logger: logger, guardHost: guardHost,
                                               sharing: sharing, onStart: onStart, onEvent: onEvent)
            } catch let error as RunError {
                throw RunError("\(error): `scour resume \(runID)` goes on once it can be recorded")
            }
        }
        let hold = try stored.hold()
        defer { hold.release() }
        let earlier = try history()
        let history = earlier.attempts > 0 ? earlier : nil
        let journal = Journal(sink: try stored.journalSink(after: history))
        setOpenJournal(journal)
        defer {
            setOpenJournal(nil)
            journal.close()
        }
        do {
            try await journal.append(history == nil ? .runStarted(pid: getpid()) : .runResumed(pid: getpid()))
        } catch {
            throw RunError("\(error); nothing was done")
        }
        onStart(history)
        var runner = RolloutRunner(inputs: inputs, runID: runID, logger: logger)
        runner.countsDrift = record.driftIsNotFailure != true
        do {
            return try await runner.run(waves: record.waves, connector: connector, interrupted: interruption,
                                        journal: journal, history: history, guardHost: guardHost, onEvent: onEvent)
        } catch let error as RunError {
            throw RunError("\(error): the run stopped before its next wave; `scour resume \(runID)` goes on once it can be recorded")
        }
    }

    /// A copy of the run in `store`, whole: its record, the copies of its playbook and
    /// inventory, and every journal entry as written (`scour runs export` / `import`). Refused
    /// while a scour works on the run, or when `store` has a run of that id.
    public func copy(to store: any RunStore) throws -> Run {
        if let pid = stored.activeProcess() { throw RunError("run \(runID) is in use by a scour (pid \(pid)): copy it once it stops") }
        let copies = try stored.copies()
        let entries = try stored.journalEntries()
        let target = try store.create(record, playbook: copies.playbook, inventory: copies.inventory)
        let sink = try target.journalSink(after: nil)
        defer { sink.close() }
        if !entries.isEmpty { try sink.write(entries) }
        return Run(stored: target, record: record)
    }

    func setOpenJournal(_ journal: Journal?) { openJournal.withLock { $0 = journal } }

    /// Lets the steps in flight finish and starts nothing new (a first Ctrl-C).
    public func interrupt() { interruption.set() }

    /// True once `interrupt()` or `stopNow()` was called.
    public var isInterrupted: Bool { interruption.isSet }

    /// Abandons the steps in flight (a second Ctrl-C, or SIGTERM): records the run's end after
    /// whatever is already on its way to the journal and closes it, so the process may exit at
    /// once with its record whole. Later appends of this attempt are refused.
    public func stopNow() {
        interruption.set()
        let journal = openJournal.withLock { $0 }
        journal?.close(recording: .runEnded(.interrupted))
    }
}

/// Set when the operator asks to stop: in-flight steps finish, nothing new starts.
public final class Interruption: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public var isSet: Bool { flag.load(ordering: .relaxed) }
    public func set() { flag.store(true, ordering: .relaxed) }
}
