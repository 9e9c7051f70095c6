import PostgresNIO
import ScourEngine

/// The store's tables, in the `scour` schema, and how they came to be: migration N takes the
/// schema from version N-1 to N, in one transaction, and `scour.schema_version` records it.
/// Connecting brings an older schema up to date; a newer one (a later scour's) is refused.
enum StoreSchema {
    /// Advisory locks of scour take this first key (ASCII "scou"); the second is 0 for
    /// migrating, else a run's `id`.
    static let lockSpace: Int32 = 0x7363_6F75

    /// Each migration's statements (one statement each: the extended protocol takes no more).
    static let migrations: [[String]] = [
        [
            // run.json as the folder store writes it.
            """
            CREATE TABLE scour.runs (
                id serial PRIMARY KEY,
                run_id text NOT NULL UNIQUE,
                record text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                holder_pid integer
            )
            """,
            // The bytes the run's playbook and inventory were read from; `name`, the copy's
            // file name in a run folder (playbook.scour, inventory.ini …).
            """
            CREATE TABLE scour.files (
                run integer NOT NULL REFERENCES scour.runs (id),
                role text NOT NULL CHECK (role IN ('playbook', 'inventory')),
                name text NOT NULL,
                bytes bytea NOT NULL,
                PRIMARY KEY (run, role)
            )
            """,
            // The journal: one entry a row, the JSON of a journal.jsonl line, in `id` order.
            """
            CREATE TABLE scour.events (
                id bigserial PRIMARY KEY,
                run integer NOT NULL REFERENCES scour.runs (id),
                entry text NOT NULL
            )
            """,
            "CREATE INDEX events_by_run ON scour.events (run, id)",
            """
            CREATE FUNCTION scour.refuse_change() RETURNS trigger LANGUAGE plpgsql
                AS $$ BEGIN RAISE EXCEPTION 'scour.events is append-only'; END $$
            """,
            "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON scour.events FOR EACH ROW EXECUTE FUNCTION scour.refuse_change()",
            // The run's hosts, by wave and place in it, as the record fixed them.
            """
            CREATE TABLE scour.hosts (
                run integer NOT NULL REFERENCES scour.runs (id),
                name text NOT NULL,
                wave integer NOT NULL,
                position integer NOT NULL,
                PRIMARY KEY (run, name)
            )
            """,
        ],
    ]

    static var currentVersion: Int { migrations.count }

    /// Brings the schema to `currentVersion`, one migration a transaction; concurrent scours
    /// take turns on an advisory lock. Throws when the database's schema is newer.
    static func migrate(_ session: PostgresSession) throws {
        while true {
            let done = try session.transaction { statements -> Bool in
                try statements.query("SELECT pg_advisory_xact_lock(\(lockSpace), 0)")
                try statements.query("CREATE SCHEMA IF NOT EXISTS scour")
                try statements.query("CREATE TABLE IF NOT EXISTS scour.schema_version (version integer NOT NULL)")
                var version = 0
                for row in try statements.query("SELECT coalesce(max(version), 0) FROM scour.schema_version") {
                    version = Int(try row.decode(Int32.self))
                }
                guard version < currentVersion else {
                    if version > currentVersion {
                        throw RunError("the run store \(session.url) has schema version \(version); this scour knows up to \(currentVersion): use a newer scour")
                    }
                    return true
                }
                for statement in migrations[version] { try statements.query(PostgresQuery(unsafeSQL: statement)) }
                try statements.query("INSERT INTO scour.schema_version (version) VALUES (\(Int32(version + 1)))")
                return false
            }
            if done { return }
        }
    }
}
