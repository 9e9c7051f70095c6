import Foundation
import PostgresNIO
import ScourCore
import ScourEngine

/// One controller's part in a run kept in PostgreSQL (`scour.controllers` row `controller`).
/// Hosts are claimed with `FOR UPDATE SKIP LOCKED`, so controllers never wait on each other's
/// hosts; the run's row is the gate: a claim reads it shared, the transaction that records a
/// wave's last host locks it to decide what follows (`WaveGate`) and tells every controller
/// (`NOTIFY`). A claim lives as long as its controller's lease; a controller whose lease ran
/// out (it died, or lost the database) is evicted by the next claim that wants its hosts, which
/// takes them over; an evicted controller can no longer write to the journal. One that was
/// only late renewing, and whose hosts nobody wanted meanwhile, goes on.
final class PostgresRunClaims: RunClaims {
    private let run: PostgresStoredRun
    private let controller: Int32
    private let lease: Duration
    private let record: RunRecord

    private var session: PostgresSession { run.store.session }
    private var id: Int32 { run.id }

    init(run: PostgresStoredRun, controller: Int32, lease: Duration, record: RunRecord) {
        self.run = run
        self.controller = controller
        self.lease = lease
        self.record = record
    }

    /// The channel a run's changes are told on.
    static func channel(of run: Int32) -> String { "scour_run_\(run)" }

    func claim(upTo count: Int, among wanted: Set<String>) throws -> ClaimAnswer {
        try session.transaction { statements in
            try requireLease(statements)
            try announceOpenWave(statements)
            var gate: (openWave: Int32, open: Bool, ending: String?) = (0, false, nil)
            for row in try statements.query("SELECT open_wave, opens_at <= now(), ending FROM scour.runs WHERE id = \(id) FOR SHARE") {
                gate = try row.decode((Int32, Bool, String?).self)
            }
            let ending = try gate.ending.map(Self.ending)
            var hosts: [ClaimedHost] = []
            if ending == nil, gate.open, count > 0 {
                let names = Array(wanted)
                // Controllers whose lease ran out and who hold hosts this one wants are evicted
                // (their row locked until this commits: a late renewal waits, then fails).
                try statements.query("""
                    UPDATE scour.controllers c SET left_at = now(), evicted = true
                    WHERE c.run = \(id) AND c.id <> \(controller) AND c.left_at IS NULL AND c.lease_until < now() AND EXISTS (
                        SELECT 1 FROM scour.hosts h WHERE h.run = \(id) AND h.controller = c.id AND h.state = 'claimed'
                        AND h.wave = \(gate.openWave) AND h.name = ANY(\(names)::text[]))
                    """)
                hosts = try statements.query("""
                    UPDATE scour.hosts h SET state = 'claimed', controller = \(controller), claims = h.claims + 1
                    FROM (
                        SELECT name FROM scour.hosts
                        WHERE run = \(id) AND wave = \(gate.openWave) AND name = ANY(\(names)::text[]) AND (state = 'pending'
                            OR (state = 'claimed' AND controller IN (SELECT c.id FROM scour.controllers c WHERE c.run = \(id) AND c.evicted)))
                        ORDER BY position LIMIT \(Int32(count)) FOR UPDATE SKIP LOCKED
                    ) chosen
                    WHERE h.run = \(id) AND h.name = chosen.name
                    RETURNING h.name, h.wave, h.claims > 1
                    """).map { row in
                    let (name, wave, wasClaimed) = try row.decode((String, Int32, Bool).self)
                    return ClaimedHost(name: name, wave: Int(wave), wasClaimed: wasClaimed)
                }
            }
            return ClaimAnswer(hosts: hosts, openWave: gate.open ? Int(gate.openWave) : 0, ending: ending, waveResults: try waveResults(statements))
        }
    }

    func finish(_ outcome: HostOutcome) throws {
        let letGo = outcome.status == .interrupted || outcome.status == .notRun
        try session.transaction { statements in
            try requireLease(statements)
            let updated = try statements.query("""
                UPDATE scour.hosts SET state = \(letGo ? "pending" : "done"), status = \(outcome.status.rawValue),
                    controller = CASE WHEN \(letGo) THEN NULL ELSE controller END
                WHERE run = \(id) AND name = \(outcome.name) AND controller = \(controller) AND state = 'claimed'
                RETURNING wave
                """)
            guard let wave = try updated.first?.decode(Int32.self) else {
                throw RunError("host \(outcome.name) of run \(run.runID) is no longer this controller's: another took it over")
            }
            // Others are told only what lets them do more: a host to take, a wave's end.
            if try letGo || closeWaveIfDone(Int(wave), statements) { try notify(statements) }
        }
    }

    func renew() throws -> Bool {
        try !session.query("""
            UPDATE scour.controllers SET lease_until = now() + make_interval(secs => \(lease.seconds))
            WHERE id = \(controller) AND left_at IS NULL RETURNING 1
            """).rows.isEmpty
    }

    func journalSink() -> any JournalSink {
        PostgresJournal(session: session, run: id, location: run.journalLocation, controller: controller)
    }

    func othersAreWorking() throws -> Bool {
        try !session.query("""
            SELECT 1 FROM scour.controllers WHERE run = \(id) AND id <> \(controller) AND left_at IS NULL AND lease_until > now()
            """).rows.isEmpty
    }

    func leave() {
        _ = try? session.transaction { statements in
            try statements.query("UPDATE scour.hosts SET state = 'pending', controller = NULL WHERE run = \(id) AND controller = \(controller) AND state = 'claimed'")
            try statements.query("UPDATE scour.controllers SET left_at = now(), lease_until = least(lease_until, now()) WHERE id = \(controller)")
            try statements.query("SELECT pg_advisory_unlock_shared(\(StoreSchema.lockSpace), \(id))")
            try notify(statements)
        }
    }

    // MARK: - The gate

    /// Refuses to go on once this controller was evicted: its hosts are another's.
    private func requireLease(_ statements: PostgresSession.Statements) throws {
        let live = try statements.query("SELECT 1 FROM scour.controllers WHERE id = \(controller) AND left_at IS NULL")
        guard !live.rows.isEmpty else { throw Self.leaseLost(run.runID) }
    }

    static func leaseLost(_ runID: String) -> RunError {
        RunError("this controller's lease on run \(runID) ran out: its hosts are left to the other controllers (or `scour resume`)")
    }

    /// Records `wave_started` for the open wave once its pause is over, once: the hosts it
    /// has left to do.
    private func announceOpenWave(_ statements: PostgresSession.Statements) throws {
        let opened = try statements.query("""
            UPDATE scour.runs SET announced_wave = open_wave, opens_at = now()
            WHERE id = \(id) AND announced_wave < open_wave AND opens_at <= now() AND ending IS NULL
            RETURNING open_wave
            """)
        guard let wave = try opened.first?.decode(Int32.self) else { return }
        let pending = Set(try statements.query("SELECT name FROM scour.hosts WHERE run = \(id) AND wave = \(wave) AND state <> 'done'").map { try $0.decode(String.self) })
        let hosts = record.waves[Int(wave) - 1].filter(pending.contains)
        try insert(.waveStarted(wave: Int(wave), hosts: hosts), statements)
    }

    /// When `wave` is open and all its hosts are done: its result recorded, and what follows
    /// decided for every controller — the next wave with hosts left (after the pause), or the
    /// run's end. True when it closed the wave. The run's row is locked first: of two
    /// controllers ending a wave's last two hosts at once, the second sees the first's.
    private func closeWaveIfDone(_ wave: Int, _ statements: PostgresSession.Statements) throws -> Bool {
        var gate: (openWave: Int32, startedAt: Double, ending: String?) = (0, 0, nil)
        for row in try statements.query("SELECT open_wave, extract(epoch FROM now() - opens_at)::float8, ending FROM scour.runs WHERE id = \(id) FOR UPDATE") {
            gate = try row.decode((Int32, Double, String?).self)
        }
        guard gate.ending == nil, gate.openWave == Int32(wave) else { return false }
        let left = try statements.query("SELECT 1 FROM scour.hosts WHERE run = \(id) AND wave = \(Int32(wave)) AND state <> 'done' LIMIT 1")
        guard left.rows.isEmpty else { return false }
        let rows = try statements.query("SELECT name, status FROM scour.hosts WHERE run = \(id) AND wave = \(Int32(wave))").map {
            try $0.decode((String, String?).self)
        }
        let outcomes = rows.map { HostOutcome(name: $0.0, wave: wave, status: $0.1.flatMap(HostOutcome.Status.init(rawValue:)) ?? .failed) }
        guard let rollout = record.rollout.rollout else { throw RunError("the recorded rollout of run \(run.runID) cannot be read back") }
        let result = WaveGate.result(wave: wave, of: outcomes, hosts: rows.count, rollout: rollout, countsDrift: record.driftIsNotFailure != true,
                                     elapsed: .milliseconds(Int64(gate.startedAt * 1000)))
        let resultText = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        try statements.query("""
            INSERT INTO scour.waves (run, wave, result) VALUES (\(id), \(Int32(wave)), \(resultText))
            ON CONFLICT (run, wave) DO UPDATE SET result = excluded.result
            """)
        try insert(.waveFinished(result), statements)
        switch WaveGate.next(after: result, of: record.waves.count, pause: rollout.pause) {
        case .ended(let ending):
            try end(ending, statements)
        case .open(let next, let pause):
            let left = try statements.query("SELECT min(wave) FROM scour.hosts WHERE run = \(id) AND wave >= \(Int32(next)) AND state <> 'done'")
            guard let nextWave = try left.first?.decode(Int32?.self) else {
                try end(.completed, statements)
                return true
            }
            try statements.query("UPDATE scour.runs SET open_wave = \(nextWave), opens_at = now() + make_interval(secs => \(pause.seconds)) WHERE id = \(id)")
        }
        return true
    }

    private func end(_ ending: RunEnding, _ statements: PostgresSession.Statements) throws {
        try statements.query("UPDATE scour.runs SET ending = \(ending.description) WHERE id = \(id)")
        try insert(.runEnded(ending), statements)
    }

    private func waveResults(_ statements: PostgresSession.Statements) throws -> [RolloutRunner.WaveResult] {
        try statements.query("SELECT result FROM scour.waves WHERE run = \(id) ORDER BY wave").map {
            try JSONDecoder().decode(RolloutRunner.WaveResult.self, from: Data(try $0.decode(String.self).utf8))
        }
    }

    private func insert(_ event: RunEvent, _ statements: PostgresSession.Statements) throws {
        let entry = String(decoding: try Journal.entry(event), as: UTF8.self)
        try statements.query("INSERT INTO scour.events (run, entry) VALUES (\(id), \(entry))")
    }

    private func notify(_ statements: PostgresSession.Statements) throws {
        try statements.query("SELECT pg_notify(\(Self.channel(of: id)), '')")
    }

    /// A stored ending (`RunEnding`'s one text form).
    static func ending(_ text: String) throws -> RunEnding {
        try JSONDecoder().decode(RunEnding.self, from: try JSONEncoder().encode(text))
    }
}

extension Duration {
    /// Whole and fractional seconds, for `make_interval`.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
