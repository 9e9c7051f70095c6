import Foundation
import PostgresNIO
import ScourCore
import ScourEngine

/// A run in a PostgreSQL store: `scour.runs` row `id`.
struct PostgresStoredRun: StoredRun {
    let store: PostgresRunStore
    let id: Int32
    let runID: String

    private var session: PostgresSession { store.session }
    var location: String { store.location }
    var journalLocation: String { "\(store.location) (scour.events of run \(runID))" }

    func record() throws -> RunRecord {
        for row in try session.query("SELECT record FROM scour.runs WHERE id = \(id)") {
            return try RunRecord.decode(Data(try row.decode(String.self).utf8), from: "the record of run \(runID) in \(location)")
        }
        throw RunError("run \(runID) is gone from \(location)")
    }

    func history() throws -> RunHistory { try RunHistory.replay(try journalEntries(), from: location) }

    func journalEntries() throws -> [Data] {
        try session.query("SELECT entry FROM scour.events WHERE run = \(id) ORDER BY id").map { Data(try $0.decode(String.self).utf8) }
    }

    func copies() throws -> (playbook: InputFile, inventory: InputFile) {
        let record = try record()
        var bytes: [String: Data] = [:]
        for row in try session.query("SELECT role, bytes FROM scour.files WHERE run = \(id)") {
            let (role, data) = try row.decode((String, Data).self)
            bytes[role] = data
        }
        guard let playbook = bytes["playbook"], let inventory = bytes["inventory"] else {
            throw RunError("the copies of run \(runID)'s playbook and inventory are missing from \(location)")
        }
        return (InputFile(path: record.playbook.path, bytes: playbook), InputFile(path: record.inventory.path, bytes: inventory))
    }

    /// A session advisory lock on the store's connection: the server lets go of it when the
    /// connection ends, however the process ends.
    func hold() throws -> any RunHold {
        let taken = try session.transaction { statements -> Bool in
            let taken = try statements.query("SELECT pg_try_advisory_lock(\(StoreSchema.lockSpace), \(id))").contains { try $0.decode(Bool.self) }
            if taken { try statements.query("UPDATE scour.runs SET holder_pid = \(getpid()) WHERE id = \(id)") }
            return taken
        }
        guard taken else {
            throw RunError("run \(runID) is in use by another scour (pid \(activeProcess().map(String.init) ?? "unknown"))")
        }
        return PostgresRunHold(run: self)
    }

    /// The pid the holder recorded, while its advisory lock is held.
    func activeProcess() -> Int32? {
        let holder = try? session.query("""
            SELECT r.holder_pid FROM scour.runs r WHERE r.id = \(id) AND EXISTS (
                SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND l.classid = \(StoreSchema.lockSpace)::oid AND l.objid = r.id::oid AND l.objsubid = 2)
            """).first.map { try $0.decode(Int32?.self) }
        return holder ?? nil
    }

    func journalSink(after history: RunHistory?) throws -> any JournalSink {
        PostgresJournal(session: session, run: id, location: journalLocation)
    }

    fileprivate func release() {
        _ = try? session.transaction { statements in
            try statements.query("UPDATE scour.runs SET holder_pid = NULL WHERE id = \(id)")
            try statements.query("SELECT pg_advisory_unlock(\(StoreSchema.lockSpace), \(id))")
        }
    }
}

/// A run held through its store's connection.
final class PostgresRunHold: RunHold {
    private let run: PostgresStoredRun
    fileprivate init(run: PostgresStoredRun) { self.run = run }
    func release() { run.release() }
}
