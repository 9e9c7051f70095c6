import Foundation
import PostgresNIO
import ScourCore
import ScourEngine

/// A run in a PostgreSQL store: `scour.runs` row `id`. Held whole (restore, export) by an
/// exclusive advisory lock, worked by controllers (apply, resume, join) under a shared one: the
/// server lets go of either when the holder's connection ends, however its process ended.
struct PostgresStoredRun: SharedRun {
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

    /// An exclusive session advisory lock: refused while a scour holds the run, whole or as
    /// one of its controllers.
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

    /// The pid of a live controller, else of the scour holding the run whole.
    func activeProcess() -> Int32? {
        let holder = try? session.query("""
            SELECT pid FROM (
                SELECT c.pid, 0 AS rank, c.id FROM scour.controllers c WHERE c.run = \(id) AND c.left_at IS NULL AND c.lease_until > now()
                UNION ALL
                SELECT r.holder_pid, 1, 0 FROM scour.runs r WHERE r.id = \(id) AND r.holder_pid IS NOT NULL AND EXISTS (
                    SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.mode = 'ExclusiveLock'
                    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    AND l.classid = \(StoreSchema.lockSpace)::oid AND l.objid = r.id::oid AND l.objsubid = 2)
            ) holders ORDER BY rank, id LIMIT 1
            """).first.map { try $0.decode(Int32?.self) }
        return holder ?? nil
    }

    func join(as controller: ControllerIdentity, lease: Duration, reopening: Bool, onChange: @escaping @Sendable () -> Void) throws -> any RunClaims {
        let record = try record()
        let history = try history()
        // A run with a journal that no controller ever joined came from a folder (`runs
        // import`): its hosts' states and its end are the journal's.
        let imported = try history.attempts > 0 && (session.query("SELECT 1 FROM scour.controllers WHERE run = \(id) LIMIT 1")).rows.isEmpty
        let steps = record.steps.map(\.name)
        let cleaned = record.hostNames.filter { history.hosts[$0]?.isDone(steps: steps) ?? false }
        let ending = reopening ? nil : history.ending.flatMap { $0 == .interrupted ? nil : $0 }
        session.listen(PostgresRunClaims.channel(of: id), onChange)
        let joined = try session.transaction { statements -> Int32? in
            guard try statements.query("SELECT pg_try_advisory_lock_shared(\(StoreSchema.lockSpace), \(id))").contains(where: { try $0.decode(Bool.self) }) else {
                return nil
            }
            if reopening || imported { try reopen(cleaned: cleaned, ending: ending, statements) }
            var controllerID: Int32 = 0
            for row in try statements.query("""
                INSERT INTO scour.controllers (run, pid, machine, lease_until)
                VALUES (\(id), \(controller.pid), \(controller.machine), now() + make_interval(secs => \(lease.seconds))) RETURNING id
                """) {
                controllerID = try row.decode(Int32.self)
            }
            try statements.query("SELECT pg_notify(\(PostgresRunClaims.channel(of: id)), '')")
            return controllerID
        }
        guard let joined else {
            throw RunError("run \(runID) is in use by another scour (pid \(activeProcess().map(String.init) ?? "unknown")) that holds it whole")
        }
        return PostgresRunClaims(run: self, controller: joined, lease: lease, record: record)
    }

    func controllers() throws -> [RunController] {
        try session.query("""
            SELECT c.pid, c.machine,
                CASE WHEN c.evicted OR (c.left_at IS NULL AND c.lease_until <= now()) THEN 'lease_ran_out' WHEN c.left_at IS NOT NULL THEN 'left' ELSE 'working' END,
                extract(epoch FROM c.joined_at)::float8, extract(epoch FROM c.lease_until)::float8,
                (SELECT count(*) FROM scour.hosts h WHERE h.run = c.run AND h.controller = c.id AND h.state = 'claimed')
            FROM scour.controllers c WHERE c.run = \(id) ORDER BY c.id
            """).map { row in
            let (pid, machine, state, joined, lease, held) = try row.decode((Int32, String, String, Double, Double, Int64).self)
            return RunController(pid: pid, machine: machine, state: RunController.State(rawValue: state) ?? .left,
                                 joinedAt: Date(timeIntervalSince1970: joined), leaseUntil: Date(timeIntervalSince1970: lease), hostsHeld: Int(held))
        }
    }

    /// Takes an ended or abandoned run up again (`resume`), or an imported one as its journal
    /// left it: every host not `cleaned` is to be claimed again, from the first wave that has
    /// any; `ending`, a run that stays ended. A run other controllers are working is joined
    /// as it is.
    private func reopen(cleaned: [String], ending: RunEnding?, _ statements: PostgresSession.Statements) throws {
        let working = try statements.query("""
            SELECT 1 FROM scour.runs r WHERE r.id = \(id) AND r.ending IS NULL AND EXISTS (
                SELECT 1 FROM scour.controllers c WHERE c.run = r.id AND c.left_at IS NULL AND c.lease_until > now())
            """)
        guard working.rows.isEmpty else { return }
        try statements.query("""
            UPDATE scour.hosts SET state = CASE WHEN name = ANY(\(cleaned)::text[]) THEN 'done' ELSE 'pending' END,
                controller = NULL
            WHERE run = \(id)
            """)
        try statements.query("""
            UPDATE scour.runs SET ending = \(ending?.description), announced_wave = 0, opens_at = now(),
                open_wave = coalesce((SELECT min(wave) FROM scour.hosts WHERE run = \(id) AND state <> 'done'), open_wave)
            WHERE id = \(id)
            """)
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
