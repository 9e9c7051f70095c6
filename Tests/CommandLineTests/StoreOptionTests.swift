import Foundation
import TestSupport
import Testing

/// `--store` and `SCOUR_STORE` on the command line: what is refused, before any host is contacted.
@Suite struct StoreOptionTests {
    @Test func an_unreachable_store_stops_apply_with_exit_65_before_any_host_is_contacted() throws {
        let folder = try unreachableHostFolder("store-refused")
        let result = try ScourCLI.run(["apply", folder + "/p.scour", "-i", folder + "/hosts.ini", "--known-hosts", folder + "/known_hosts",
                                       "--store", "postgresql://scour:pw@/runs?host=\(folder)/no-socket"])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("cannot reach the run store postgresql://scour@(socket \(folder)/no-socket/.s.PGSQL.5432)/runs"), "\(result.stderr)")
        #expect(!result.stderr.contains("pw"), "the password is never printed")
        #expect(!result.stdout.contains("web1") && !result.stderr.contains("web1"), "web1 was never contacted: \(result.stdout)")
    }

    @Test func a_store_url_that_is_not_postgresql_and_two_stores_at_once_are_refused() throws {
        let notAURL = try ScourCLI.run(["runs"], environment: ["SCOUR_STORE": "mysql://db/runs"])
        #expect(notAURL.status == 65 && notAURL.stderr.contains("not a PostgreSQL URL"), "\(notAURL.stderr)")
        let both = try ScourCLI.run(["status", "RUN", "--store", "postgresql://u@/db", "--runs-dir", "/tmp"])
        #expect(both.status == 64 && both.stderr.contains("--store and --runs-dir each choose where runs are kept: give one"), "\(both.stderr)")
        let folderWins = try ScourCLI.run(["runs", "--runs-dir", FileManager.default.temporaryDirectory.path + "/scour-no-runs-\(UUID())"],
                                          environment: ["SCOUR_STORE": "mysql://db/runs"])
        #expect(folderWins.status == 0 && folderWins.stdout.hasPrefix("no runs in"), "--runs-dir given beats SCOUR_STORE: \(folderWins.stderr)")
    }
}

extension StoreOptionTests {
    /// The hint to go on names the runs as this command did: `scour resume RUN` alone would look
    /// in ./runs (or $SCOUR_STORE), not where the run is.
    @Test func the_resume_hint_names_the_runs_folder_given() throws {
        let folder = try unreachableHostFolder("store-hint")
        let runs = folder + "/my runs"
        let result = try ScourCLI.run(["apply", folder + "/p.scour", "-i", folder + "/hosts.ini", "--known-hosts", folder + "/known_hosts",
                                       "--runs-dir", runs, "--no-progress"])
        #expect(result.status == 1, "the host is unreachable: \(result.stderr)")
        let output = result.stdout + result.stderr
        #expect(output.contains(/scour resume [0-9a-f-]+ --runs-dir '[^']*\/my runs' tries these hosts again/), "\(output)")
    }
}

extension StoreOptionTests {
    /// `join` needs a run several controllers can share: a run folder has one at a time.
    @Test func join_refuses_a_run_kept_in_a_folder_and_a_lease_too_short_to_renew() throws {
        let folder = try unreachableHostFolder("join-folder")
        let runs = folder + "/runs"
        let applied = try ScourCLI.run(["apply", folder + "/p.scour", "-i", folder + "/hosts.ini", "--known-hosts", folder + "/known_hosts",
                                        "--runs-dir", runs, "--format", "json"])
        let runID = try #require((try JSONSerialization.jsonObject(with: Data(applied.stdout.utf8)) as? [String: Any])?["run_id"] as? String)
        let joined = try ScourCLI.run(["join", runID, "--runs-dir", runs, "--known-hosts", folder + "/known_hosts"])
        #expect(joined.status == 65 && joined.stderr.contains("only a run kept in PostgreSQL (--store) has several controllers"), "\(joined.stderr)")
        let short = try ScourCLI.run(["join", runID, "--runs-dir", runs, "--lease", "1s"])
        #expect(short.status == 64 && short.stderr.contains("--lease must be at least 2s"), "\(short.stderr)")
    }
}
