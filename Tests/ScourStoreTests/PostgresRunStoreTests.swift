import Foundation
import Logging
import PostgresNIO
import ScourCore
@testable import ScourEngine
@testable import ScourStore
import TestSupport
import Testing

/// The PostgreSQL run store on a private cluster (`PostgresFixture`): its schema, and a run's
/// life through it — the same `Run` API, the same journal, as through a run folder.
@Suite(.needs(.postgres))
struct PostgresRunStoreTests {
    @Test func a_new_database_is_migrated_once_even_by_scours_connecting_together() async throws {
        let url = try PostgresFixture.database()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { _ = try PostgresRunStore(url: url) } }
            try await group.waitForAll()
        }
        let store = try PostgresRunStore(url: url)
        let versions = try store.session.query("SELECT version FROM scour.schema_version ORDER BY version").map { try $0.decode(Int32.self) }
        #expect(versions == Array(1...Int32(StoreSchema.currentVersion)))
        #expect(try store.runIDs().isEmpty)
    }

    @Test func a_schema_newer_than_this_scour_is_refused() throws {
        let url = try PostgresFixture.database()
        try PostgresRunStore(url: url).session.query("INSERT INTO scour.schema_version (version) VALUES (99)")
        #expect {
            try PostgresRunStore(url: url)
        } throws: { error in
            "\(error)".contains("schema version 99") && "\(error)".contains("use a newer scour")
        }
    }

    @Test func an_unreachable_database_is_said_with_its_url_and_no_password() throws {
        let missing = try PostgresFixture.url(database: "t_missing").replacingOccurrences(of: "postgres@", with: "postgres:hidden@")
        #expect {
            try PostgresRunStore(url: missing)
        } throws: { error in
            "\(error)".contains("cannot reach the run store postgresql://postgres@") && "\(error)".contains("t_missing")
                && !"\(error)".contains("hidden")
        }
        #expect {
            try PostgresRunStore(url: "postgresql://postgres@/runs?host=/nonexistent-socket-folder")
        } throws: { error in
            "\(error)".contains("cannot reach the run store") && "\(error)".contains("/nonexistent-socket-folder/.s.PGSQL.5432")
        }
    }

    @Test func an_interrupted_run_resumed_from_another_connection_does_each_step_once_as_in_a_folder() async throws {
        let inFolder = try await interruptedAndResumed(store: { FolderRunStore(root: $0 + "/runs") })
        let url = try PostgresFixture.database()
        let inDatabase = try await interruptedAndResumed(store: { _ in try PostgresRunStore(url: url) })
        for outcome in [inFolder, inDatabase] {
            #expect(outcome.report.state.description == "completed")
            #expect(outcome.history.hosts["here"]?.starts == ["first": 1, "second": 1], "each step acted once")
            #expect(outcome.history.attempts == 2)
        }
        // A folder's run ends its wave with the host interrupted; a shared run's wave waits for
        // the host, let go for another controller or a resume, and ends once, when it is done.
        #expect(inFolder.history.waveResults[1]?.map(\.interrupted) == [1, 0])
        #expect(inDatabase.history.waveResults[1]?.map(\.interrupted) == [0])
        let events = { (history: RunHistory) in history.events.filter { if case .waveFinished = $0 { false } else { true } }.count }
        #expect(events(inDatabase.history) == events(inFolder.history), "\(inDatabase.history.events)")
        #expect(inDatabase.report.hosts.map(\.status) == inFolder.report.hosts.map(\.status))
        #expect(inDatabase.report.hosts.flatMap { $0.steps.map(\.status) } == inFolder.report.hosts.flatMap { $0.steps.map(\.status) })
        #expect(try PostgresRunStore(url: url).runIDs() == [inDatabase.runID])
    }

    @Test func a_held_run_is_refused_to_a_second_holder_and_shows_the_holder_until_released() throws {
        let url = try PostgresFixture.database()
        let (store, runID) = try storeWithARun(url)
        let elsewhere = try PostgresRunStore(url: url).open(runID)
        let hold = try store.open(runID).hold()
        #expect(elsewhere.activeProcess() == getpid())
        #expect {
            try elsewhere.hold()
        } throws: { error in
            "\(error)" == "run \(runID) is in use by another scour (pid \(getpid()))"
        }
        hold.release()
        #expect(elsewhere.activeProcess() == nil)
        try elsewhere.hold().release()
    }

    @Test func the_journal_is_append_only_and_kept_as_journal_lines() async throws {
        let url = try PostgresFixture.database()
        let (store, runID) = try storeWithARun(url)
        let journal = Journal(sink: try store.open(runID).journalSink(after: nil))
        try await journal.append(.runStarted(pid: 7))
        try await journal.append(.hostStarted(host: "here", wave: 1))
        journal.close()
        #expect(try store.open(runID).history().events == [.runStarted(pid: 7), .hostStarted(host: "here", wave: 1)])
        let first = try #require(try store.session.query("SELECT entry FROM scour.events ORDER BY id").first).decode(String.self)
        #expect(first.hasPrefix(#"{"event":"run_started","pid":7,"time":""#))
        #expect(throws: RunError.self) { try store.session.query("UPDATE scour.events SET entry = '{}'") }
        #expect(throws: RunError.self) { try store.session.query("DELETE FROM scour.events") }
    }

    @Test func a_run_moved_folder_to_database_to_folder_keeps_its_record_copies_and_journal_byte_for_byte() async throws {
        let url = try PostgresFixture.database()
        let local = try LocalStoreRun()
        let laptop = FolderRunStore(root: local.scratch + "/laptop")
        let (run, inputs, connector) = try local.make(in: laptop)
        _ = try await run.execute(inputs, connector: connector, logger: Logger(label: "test"), guardHost: nil) { _ in }

        let imported = try await ScourCLI.run(["runs", "import", run.runID, "--from", laptop.root, "--store", url])
        #expect(imported.status == 0 && imported.stdout.contains("copied"), "\(imported.stderr)")
        let exported = try await ScourCLI.run(["runs", "export", run.runID, "--to", local.scratch + "/team", "--store", url])
        #expect(exported.status == 0, "\(exported.stderr)")
        let back = try #require(try FolderRunStore(root: local.scratch + "/team").open(run.runID) as? RunFolder)
        for file in ["run.json", "journal.jsonl", "playbook.scour", "inventory.ini"] {
            #expect(FileManager.default.contents(atPath: back.path + "/" + file) == FileManager.default.contents(atPath: run.folder.path + "/" + file), "\(file)")
        }
        let again = try await ScourCLI.run(["runs", "import", run.runID, "--from", laptop.root, "--store", url])
        #expect(again.status == 65 && again.stderr.contains("there is already a run \(run.runID)"), "\(again.stderr)")
        let hold = try run.stored.hold()
        defer { hold.release() }
        #expect(throws: RunError.self, "a run a scour works on is not copied") { try run.copy(to: FolderRunStore(root: local.scratch + "/other")) }
    }

    // MARK: -

    private struct Outcome {
        var runID: String
        var history: RunHistory
        var report: RunReport
    }

    /// A two-step run on this machine interrupted as its host starts, then resumed by a second
    /// `Run` opened from a store connected anew, as another scour would.
    private func interruptedAndResumed(store: (String) throws -> any RunStore) async throws -> Outcome {
        let local = try LocalStoreRun()
        let (run, inputs, connector) = try local.make(in: try store(local.scratch))
        let first = try await run.execute(inputs, connector: connector, logger: Logger(label: "test"), guardHost: nil) { event in
            if case .hostStarted = event { run.interrupt() }
        }
        #expect(first.ending == .interrupted)
        let reopened = try Run.open(in: try store(local.scratch), runID: run.runID)
        let second = try await reopened.execute(try reopened.resumption().inputs, connector: connector, logger: Logger(label: "test"),
                                                guardHost: nil, sharing: Run.Sharing(reopening: true)) { _ in }
        #expect(second.ending == .completed)
        #expect(FileManager.default.fileExists(atPath: local.scratch + "/first") && FileManager.default.fileExists(atPath: local.scratch + "/second"))
        return Outcome(runID: run.runID, history: try reopened.history(), report: try reopened.report())
    }

    private func storeWithARun(_ url: String) throws -> (PostgresRunStore, String) {
        let store = try PostgresRunStore(url: url)
        let (run, _, _) = try LocalStoreRun().make(in: store)
        return (store, run.runID)
    }
}

/// A two-step run of a playbook on this machine (`LocalTransport`), in a scratch folder.
private struct LocalStoreRun {
    let scratch: String

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("scour-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    func make(in store: any RunStore) throws -> (Run, RunInputs, HostConnector) {
        let playbookPath = scratch + "/p.scour", inventoryPath = scratch + "/i.ini"
        try """
            playbook "p" {
              platform = linux
              run "first" {
                command = "touch \(scratch)/first"
                unless  = "test -e \(scratch)/first"
              }
              run "second" {
                command = "touch \(scratch)/second"
                unless  = "test -e \(scratch)/second"
              }
            }
            """.write(toFile: playbookPath, atomically: true, encoding: .utf8)
        try "here ansible_host=127.0.0.1\n".write(toFile: inventoryPath, atomically: true, encoding: .utf8)
        let inputs = try RunInputs.load(playbookPath: playbookPath, paramOverrides: [], adjust: { $0 }, inventoryPath: inventoryPath, limit: nil)
        let record = RunRecord(
            runID: Run.makeID(), scourVersion: "0", playbook: inputs.playbook, playbookSource: inputs.playbookSource,
            inventory: inputs.inventorySource, limit: nil, params: inputs.params, rollout: inputs.rollout, waves: [["here"]],
            connection: .init(knownHostsFile: "/k", acceptNewHostKeys: false, identityFile: nil, user: nil, connectTimeout: .seconds(1)))
        let run = try Run.create(in: store, record: record, inputs: inputs)
        let connector = HostConnector(settings: ConnectionSettings(knownHostsFile: "/k", homeDirectory: scratch), logger: Logger(label: "test"),
                                      dial: { _, _ in LocalTransport() })
        return (run, inputs, connector)
    }
}
