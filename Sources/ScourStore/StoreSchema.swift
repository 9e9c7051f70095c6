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
        [
            // Controllers working a run together (`RunClaims`): each renews `lease_until`;
            // `left_at` once it left, or once another took its hosts over after its lease ran
            // out (`evicted`): from then on it may write nothing.
            """
            CREATE TABLE scour.controllers (
                id serial PRIMARY KEY,
                run integer NOT NULL REFERENCES scour.runs (id),
                pid integer NOT NULL,
                machine text NOT NULL,
                joined_at timestamptz NOT NULL DEFAULT now(),
                lease_until timestamptz NOT NULL,
                left_at timestamptz,
                evicted boolean NOT NULL DEFAULT false
            )
            """,
            // A host is pending (anyone may claim it), claimed by a controller, or done with a
            // status; `claims` counts how often it was claimed (a second claim is a takeover).
            """
            ALTER TABLE scour.hosts
                ADD COLUMN state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'claimed', 'done')),
                ADD COLUMN controller integer REFERENCES scour.controllers (id),
                ADD COLUMN claims integer NOT NULL DEFAULT 0,
                ADD COLUMN status text
            """,
            "CREATE INDEX hosts_by_wave ON scour.hosts (run, wave, state)",
            // The gate: the wave open now (from `opens_at`, after a pause), the last one whose
            // wave_started is in the journal, and how the run ended (a RunEnding), if it has.
            """
            ALTER TABLE scour.runs
                ADD COLUMN open_wave integer NOT NULL DEFAULT 1,
                ADD COLUMN opens_at timestamptz NOT NULL DEFAULT now(),
                ADD COLUMN announced_wave integer NOT NULL DEFAULT 0,
                ADD COLUMN ending text
            """,
            // Each wave's latest result (a wave_finished's JSON).
            """
            CREATE TABLE scour.waves (
                run integer NOT NULL REFERENCES scour.runs (id),
                wave integer NOT NULL,
                result text NOT NULL,
                PRIMARY KEY (run, wave)
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
