import Foundation
import Logging
import ScourCore
@testable import ScourEngine
@testable import ScourStore
import TestSupport
import Testing

/// Several controllers on one run kept in PostgreSQL (a private cluster: `PostgresFixture`),
/// each a `Run` opened from a connection of its own as another scour would, working hosts on
/// this machine (`LocalTransport`): claims, waves and `max_failures` over the whole run,
/// takeover after a lease, and the fence on a controller whose lease ran out.
@Suite(.needs(.postgres))
struct SharedRunTests {
    @Test func two_controllers_share_the_hosts_each_worked_once_and_each_wave_waits_for_the_last() async throws {
        let fleet = try SharedFleet(hosts: 12)
        let runID = try fleet.create()
        let (first, second) = (Set(fleet.names.prefix(6)), Set(fleet.names.suffix(6)))
        async let a = fleet.work(runID, claimable: first)
        async let b = fleet.work(runID, claimable: second)
        let (one, other) = try await (a, b)
        #expect(one.ending == .completed && other.ending == .completed)
        #expect(one.hosts.map(\.status) == Array(repeating: .changed, count: 12), "each controller reports the whole run")
        #expect(other.hosts.map(\.status) == one.hosts.map(\.status))
        let history = try fleet.history(runID)
        for name in fleet.names {
            #expect(history.hosts[name]?.starts == ["mark": 1], "\(name) worked once")
            #expect(FileManager.default.fileExists(atPath: fleet.scratch + "/" + name))
        }
        let waves = try fleet.waves(runID)
        #expect(waves.count == 3 && history.waveResults.count == 3)
        for wave in 2...waves.count {
            let finished = try #require(history.waveResults[wave - 1]?.last)
            let closed = try #require(history.events.firstIndex(of: .waveFinished(finished)))
            let started = history.events.indices.filter { if case .hostStarted(_, wave) = history.events[$0] { true } else { false } }
            #expect(started.count == waves[wave - 1].count && started.allSatisfy { $0 > closed }, "wave \(wave) began after wave \(wave - 1) ended")
        }
        #expect(history.events.filter { if case .runEnded = $0 { true } else { false } } == [.runEnded(.completed)], "one end, for the whole run")
    }

    @Test func max_failures_counts_the_failures_of_every_controller_and_the_halt_stops_them_all() async throws {
        let fleet = try SharedFleet(hosts: 12)
        let waves = fleet.schedule
        // One failing host of wave 2 for each controller: each alone is within max_failures = 1.
        let failing = [waves[1][0], waves[1][1]]
        let runID = try fleet.create(failing: Set(failing))
        let first = Set(waves.flatMap { $0 }.filter { $0 != failing[1] }.prefix(6)).union([failing[0]])
        let second = Set(fleet.names).subtracting(first)
        async let a = fleet.work(runID, claimable: first)
        async let b = fleet.work(runID, claimable: second)
        let (one, other) = try await (a, b)
        #expect(one.ending == .halted(afterWave: 2) && other.ending == .halted(afterWave: 2))
        let history = try fleet.history(runID)
        #expect(history.waveResults[2]?.last?.failures == 2 && history.waveResults[2]?.last?.allowedFailures == 1)
        #expect(waves[2].allSatisfy { history.hosts[$0] == nil }, "no host of wave 3 was started")
        #expect(one.hosts.filter { $0.status == .notRun }.map(\.name).sorted() == waves[2].sorted())
    }

    @Test func a_dead_controllers_hosts_are_taken_over_once_its_lease_ran_out_and_it_can_no_longer_write() async throws {
        let fleet = try SharedFleet(hosts: 4)
        let runID = try fleet.create()
        let dead = try fleet.controller(runID, lease: .seconds(2))
        let canary = try dead.claim(upTo: 4, among: Set(fleet.names))
        #expect(canary.hosts.map(\.name) == fleet.schedule[0] && canary.openWave == 1, "only the first wave's canary is open")
        let joined = ContinuousClock.now
        let survivor = try await fleet.work(runID, claimable: Set(fleet.names))
        #expect(ContinuousClock.now - joined >= .seconds(1), "the canary waited for the dead controller's lease")
        #expect(survivor.ending == .completed && survivor.hosts.allSatisfy { $0.status == .changed })
        #expect(try fleet.history(runID).hosts[fleet.schedule[0][0]]?.starts == ["mark": 1])
        let controllers = try Run.open(in: try PostgresRunStore(url: fleet.url), runID: runID).report().controllers ?? []
        #expect(controllers.map(\.state) == [.leaseRanOut, .left] && controllers.allSatisfy { $0.hostsHeld == 0 }, "\(controllers)")
        #expect(try dead.renew() == false)
        #expect(throws: RunError.self, "a controller past its lease writes nothing") { try dead.journalSink().write([Data("{}".utf8)]) }
        #expect {
            try dead.finish(HostOutcome(name: fleet.schedule[0][0], wave: 1, status: .changed))
        } throws: { "\($0)".contains("lease") }
    }

    @Test func a_run_held_whole_takes_no_controller_and_a_controller_keeps_it_from_being_held() throws {
        let fleet = try SharedFleet(hosts: 2)
        let runID = try fleet.create()
        let hold = try PostgresRunStore(url: fleet.url).open(runID).hold()
        #expect { try fleet.controller(runID, lease: .seconds(5)) } throws: { "\($0)".contains("holds it whole") }
        hold.release()
        let controller = try fleet.controller(runID, lease: .seconds(5))
        let elsewhere = try PostgresRunStore(url: fleet.url).open(runID)
        #expect(elsewhere.activeProcess() == getpid())
        #expect { try elsewhere.hold() } throws: { "\($0)".contains("in use by another scour (pid \(getpid()))") }
        controller.leave()
        #expect(elsewhere.activeProcess() == nil)
        try elsewhere.hold().release()
    }
}

/// Hosts on this machine (`LocalTransport`), each with a marker file of its own in a scratch
/// folder, in a run kept in a fresh database: one step, `mark`, which fails on the hosts told to.
private struct SharedFleet {
    let scratch: String
    let url: String
    let names: [String]
    let playbookPath: String
    let inventoryPath: String

    init(hosts: Int) throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("scour-shared-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        url = try PostgresFixture.database()
        names = (1...hosts).map { String(format: "h%02d", $0) }
        playbookPath = scratch + "/p.scour"
        inventoryPath = scratch + "/i.ini"
    }

    var schedule: [[String]] { WaveSchedule(hostNames: names, cumulativeShares: [.count(1), .percent(50), .percent(100)]).waves }

    func create(failing: Set<String> = []) throws -> String {
        try """
            playbook "p" {
              platform = linux
              rollout {
                waves        = [1, 50%, 100%]
                max_failures = 1
                concurrency  = 3
              }
              run "mark" {
                command = "sleep 0.1; touch ${host.marker}; test ${host.fail} = 0"
                unless  = "test -e ${host.marker}"
              }
            }
            """.write(toFile: playbookPath, atomically: true, encoding: .utf8)
        try names.map { "\($0) ansible_host=127.0.0.1 marker=\(scratch)/\($0) fail=\(failing.contains($0) ? 1 : 0)\n" }.joined()
            .write(toFile: inventoryPath, atomically: true, encoding: .utf8)
        let inputs = try RunInputs.load(playbookPath: playbookPath, paramOverrides: [], adjust: { $0 }, inventoryPath: inventoryPath, limit: nil)
        let record = RunRecord(
            runID: Run.makeID(), scourVersion: "0", playbook: inputs.playbook, playbookSource: inputs.playbookSource,
            inventory: inputs.inventorySource, limit: nil, params: inputs.params, rollout: inputs.rollout, waves: schedule,
            connection: .init(knownHostsFile: "/k", acceptNewHostKeys: false, identityFile: nil, user: nil, connectTimeout: .seconds(1)))
        return try Run.create(in: try PostgresRunStore(url: url), record: record, inputs: inputs).runID
    }

    /// One more controller: the run opened from a connection of its own, worked until it ends.
    func work(_ runID: String, claimable: Set<String>) async throws -> RolloutRunner.Result {
        let run = try Run.open(in: try PostgresRunStore(url: url), runID: runID)
        let connector = HostConnector(settings: ConnectionSettings(knownHostsFile: "/k", homeDirectory: scratch), logger: Logger(label: "test"),
                                      dial: { _, _ in LocalTransport() })
        return try await run.execute(try run.joining().inputs, connector: connector, logger: Logger(label: "test"), guardHost: nil,
                                     sharing: Run.Sharing(claimable: claimable, lease: .seconds(4))) { _ in }
    }

    /// A controller that only claims and renews when told: one that dies is one never told again.
    func controller(_ runID: String, lease: Duration) throws -> any RunClaims {
        guard let run = try PostgresRunStore(url: url).open(runID) as? any SharedRun else { throw RunError("not a shared run") }
        return try run.join(as: ControllerIdentity(), lease: lease, reopening: false, onChange: {})
    }

    func history(_ runID: String) throws -> RunHistory { try PostgresRunStore(url: url).open(runID).history() }

    func waves(_ runID: String) throws -> [[String]] { try PostgresRunStore(url: url).open(runID).record().waves }
}
