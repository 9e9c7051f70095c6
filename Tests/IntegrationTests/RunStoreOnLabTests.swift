import Foundation
import ScourEngine
import Testing
import TestSupport

/// The real `scour` with its runs in PostgreSQL (`--store`, a private cluster: `PostgresFixture`)
/// and in run folders, on two identical labs: apply, runs, status, report, resume and restore
/// read the same run from either store.
@Suite(.needs(.lab), .needs(.postgres))
struct RunStoreOnLabTests {
    /// What the commands said of one run, its id and the lab's paths taken out.
    private struct Said: Equatable {
        var runs: String
        var pausedStatus: String
        var resumed: Int32
        var completedStatus: String
        var reportHosts: String
        var restoreDryRun: String
    }

    @Test func a_run_kept_in_postgresql_reads_back_as_the_same_run_kept_in_a_folder() async throws {
        let folderLab = try await LabFixture(hosts: 4)
        let databaseLab = try await LabFixture(hosts: 4)
        let runsDirectory = folderLab.directory + "/runs"
        let url = try PostgresFixture.database()
        let inFolder = try await workARun(on: folderLab, store: ["--runs-dir", runsDirectory])
        let inDatabase = try await workARun(on: databaseLab, store: [], environment: ["SCOUR_STORE": url])
        // A database run's status names its controllers too: the apply, then the resume.
        let controllers = { (status: String) in status.split(separator: "\n").filter { $0.hasPrefix("controller pid ") && $0.hasSuffix(": left") }.count }
        #expect(controllers(inDatabase.pausedStatus) == 1 && controllers(inDatabase.completedStatus) == 2, "\(inDatabase)")
        #expect(controllers(inFolder.pausedStatus) == 0 && controllers(inFolder.completedStatus) == 0)
        var withoutControllers = inDatabase
        for path in [\Said.pausedStatus, \Said.completedStatus] {
            withoutControllers[keyPath: path] = inDatabase[keyPath: path].split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("controller pid ") }.joined(separator: "\n")
        }
        #expect(withoutControllers == inFolder)
        #expect(inDatabase.completedStatus.contains("completed") && inDatabase.restoreDryRun.contains("would restore"), "\(inDatabase)")
        let stored = try await ScourCLI.run(["runs", "--store", url])
        #expect(stored.stdout.split(separator: "\n").count == 1 && stored.stdout.contains("4 hosts  completed"), "\(stored.stdout)")
        let mixed = try await ScourCLI.run(["runs", "--store", url, "--runs-dir", runsDirectory])
        #expect(mixed.status == 64 && mixed.stderr.contains("give one"), "\(mixed.stderr)")
    }

    /// Applies the Code Red II cleanup paused after its first wave, then reads and finishes it.
    private func workARun(on lab: LabFixture, store: [String], environment: [String: String] = [:]) async throws -> Said {
        let scour = { (arguments: [String]) in try await ScourCLI.run(arguments + store, environment: environment) }
        let applied = try await scour(["apply", "Playbooks/codered-ii-linux.scour", "-i", lab.inventory, "--known-hosts", lab.knownHosts,
                                       "--waves", "1,100%", "--pause", "manual", "--format", "json"])
        #expect(applied.status == 0, "\(applied.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(applied.stdout.utf8)) as? [String: Any]
        let runID = try #require(document?["run_id"] as? String)
        #expect((document?["run_folder"] == nil) == store.isEmpty, "a database run has no folder: \(applied.stdout)")
        let neutral = { (text: String) in
            text.replacingOccurrences(of: runID, with: "RUN").replacingOccurrences(of: lab.directory, with: "LAB")
        }
        let runs = try await scour(["runs"])
        let paused = try await scour(["status", runID])
        let resumed = try await scour(["resume", runID, "--known-hosts", lab.knownHosts, "--format", "json"])
        let completed = try await scour(["status", runID])
        let report = try await scour(["report", runID, "--format", "json"])
        let restore = try await scour(["restore", runID, "--dry-run", "--known-hosts", lab.knownHosts])
        let hosts = (try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])?["hosts"] as? [[String: Any]] ?? []
        return Said(
            runs: neutral(runs.stdout), pausedStatus: neutral(paused.stdout), resumed: resumed.status, completedStatus: neutral(completed.stdout),
            reportHosts: hosts.map { "\($0["name"] ?? "") \($0["status"] ?? "") \(($0["steps"] as? [[String: Any]])?.map { "\($0["status"] ?? "")" } ?? [])" }
                .joined(separator: "\n"),
            restoreDryRun: neutral(restore.stdout))
    }
}
