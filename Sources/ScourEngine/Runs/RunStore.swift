import Foundation
import ScourCore

/// Where runs are kept: a folder of run folders (`FolderRunStore`, the embedded default) or a
/// database that several controllers share (ScourStore's PostgreSQL store). `Run` is the same
/// over either; the journal's entries and their meaning are the same in both.
public protocol RunStore: Sendable {
    /// Where, for the operator: a folder, or a database URL without its password.
    var location: String { get }
    /// Records a new run — its record and the bytes its playbook and inventory were read from —
    /// durably, before any host is contacted.
    func create(_ record: RunRecord, playbook: InputFile, inventory: InputFile) throws -> any StoredRun
    /// An existing run; a `RunError` saying where runs are listed when there is none.
    func open(_ runID: String) throws -> any StoredRun
    /// The run ids, oldest first (ids sort by time).
    func runIDs() throws -> [String]
}

/// One run as its store keeps it.
public protocol StoredRun: Sendable {
    var runID: String { get }
    /// Where the run is, for the operator: its folder, or the store's URL without password.
    var location: String { get }
    /// Where its journal is, for the operator.
    var journalLocation: String { get }
    func record() throws -> RunRecord
    /// The journal read back.
    func history() throws -> RunHistory
    /// Takes the run for this process (apply, resume, restore): a second process on the same
    /// run is refused. Let go of on `release()`, or when the process dies, however it dies.
    func hold() throws -> any RunHold
    /// The pid of the scour working on this run now, if one is.
    func activeProcess() -> Int32?
    /// Where further entries go, after `history` (the journal as read once the run was held;
    /// nil when there was none to keep).
    func journalSink(after history: RunHistory?) throws -> any JournalSink
    /// The bytes the run's playbook and inventory were read from, named by their recorded paths.
    func copies() throws -> (playbook: InputFile, inventory: InputFile)
    /// Every whole journal entry, in order, as written (each one entry's JSON).
    func journalEntries() throws -> [Data]
}

/// A run held by this process: `StoredRun.hold()`.
public protocol RunHold: Sendable {
    func release()
}

/// Run folders under one folder: `--runs-dir`, else `$SCOUR_RUNS_DIR`, else `./runs`.
public struct FolderRunStore: RunStore {
    public let root: String

    public init(root: String) { self.root = root }

    public var location: String { root }

    public func create(_ record: RunRecord, playbook: InputFile, inventory: InputFile) throws -> any StoredRun {
        try RunFolder.create(root: root, record: record, playbook: playbook, inventory: inventory)
    }

    public func open(_ runID: String) throws -> any StoredRun { try RunFolder.open(root: root, runID: runID) }

    public func runIDs() throws -> [String] { RunFolder.list(root: root) }
}
