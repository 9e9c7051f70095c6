import Foundation
import PostgresNIO
import ScourCore
import ScourEngine

/// Runs kept in a PostgreSQL database (`--store postgresql://…`), which any number of scour
/// processes on any machines share: the record, the playbook and inventory bytes, the journal
/// one entry a row, the hosts by wave. The schema is brought up to date on connecting.
public final class PostgresRunStore: RunStore {
    let session: PostgresSession

    /// Connects to the database at `url` (a `PostgresURL`) and migrates its schema.
    public init(url: String) throws {
        session = try PostgresSession(try PostgresURL(parsing: url))
        try StoreSchema.migrate(session)
    }

    public var location: String { session.url.description }

    public func create(_ record: RunRecord, playbook: InputFile, inventory: InputFile) throws -> any StoredRun {
        let text = String(decoding: try record.encoded(), as: UTF8.self)
        let names = record.hostNames
        let waves = record.waves.enumerated().flatMap { index, hosts in hosts.map { _ in Int32(index + 1) } }
        let suffix = (inventory.path as NSString).pathExtension
        let files = [("playbook", "playbook.scour", playbook.bytes), ("inventory", "inventory" + (suffix.isEmpty ? "" : "." + suffix), inventory.bytes)]
        let id = try session.transaction { statements -> Int32 in
            let taken = try statements.query("SELECT 1 FROM scour.runs WHERE run_id = \(record.runID)")
            guard taken.rows.isEmpty else { throw RunError("there is already a run \(record.runID) in \(location)") }
            var id: Int32 = 0
            for row in try statements.query("INSERT INTO scour.runs (run_id, record) VALUES (\(record.runID), \(text)) RETURNING id") {
                id = try row.decode(Int32.self)
            }
            for (role, name, bytes) in files {
                try statements.query("INSERT INTO scour.files (run, role, name, bytes) VALUES (\(id), \(role), \(name), \(bytes))")
            }
            try statements.query("""
                INSERT INTO scour.hosts (run, name, wave, position)
                SELECT \(id), name, wave, position - 1 FROM unnest(\(names)::text[], \(waves)::integer[]) WITH ORDINALITY AS h(name, wave, position)
                """)
            return id
        }
        return PostgresStoredRun(store: self, id: id, runID: record.runID)
    }

    public func open(_ runID: String) throws -> any StoredRun {
        for row in try session.query("SELECT id FROM scour.runs WHERE run_id = \(runID)") {
            return PostgresStoredRun(store: self, id: try row.decode(Int32.self), runID: runID)
        }
        throw RunError("there is no run \(runID) in \(location) (`scour runs --store …` lists them)")
    }

    public func runIDs() throws -> [String] {
        try session.query("SELECT run_id FROM scour.runs ORDER BY run_id").map { try $0.decode(String.self) }
    }
}
