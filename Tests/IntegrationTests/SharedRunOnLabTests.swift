import Foundation
import ScourEngine
import TestSupport
import Testing

/// One run kept in PostgreSQL, worked by two real `scour` controllers on a lab of two sites
/// (`lab up --sites 2`: each site's hosts reachable only from its own network namespace), the
/// database on a unix socket both see. One controller is killed (-9) mid-wave; a new one at its
/// site takes its hosts over after the lease, from the journal, as `resume` would.
@Suite(.needs(.lab), .needs(.postgres))
struct SharedRunOnLabTests {
    @Test func two_sites_share_one_run_and_a_controller_killed_mid_wave_is_taken_over_doing_nothing_twice() async throws {
        // Hosts stay down 8 s in a reboot: a wide window to see one in flight and kill its
        // controller there, however slowly a loaded machine answers the polls.
        let lab = try await LabFixture(hosts: 40, extraArguments: ["--sites", "2", "--boot-delay", "8s"])
        let url = try PostgresFixture.database()
        let sites = try siteHosts(lab)
        #expect(sites.count == 2 && sites.values.map(\.count) == [20, 20], "\(sites)")
        let connection = ["--known-hosts", lab.knownHosts, "--store", url, "--lease", "4s", "--no-progress"]
        let first = Task {
            try await atSite(1, lab, ["apply", ScourCLI.packageRoot.path + "/Playbooks/codered-ii-linux.scour", "-i", lab.inventory, "--claim", "site1",
                                      "--waves", "2,10,100%"] + connection)
        }
        let runID = try await poll("the run to be created") { try await self.runIDs(url).first }
        let second = Task { try await atSite(2, lab, ["join", runID, "--limit", "site2"] + connection) }

        // Kill site 2's controller once one of its wave-2 hosts is rebooting: a step in flight
        // for 8 s, and wave 3's hosts still ahead, so it cannot have ended before the kill
        // however slowly a loaded machine answers the polls.
        let rebooting = try await poll("a site-2 host of wave 2 rebooting") { () -> String? in
            let status = try await ScourCLI.run(["status", runID, "--store", url, "--format", "json"])
            let hosts = (try? JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["hosts"] as? [[String: Any]] ?? []
            return hosts.first { host in
                sites["site2"]!.contains(host["name"] as? String ?? "") && host["wave"] as? Int == 2 && host["status"] as? String == "in_flight"
                    && (host["steps"] as? [[String: Any]] ?? []).contains { $0["name"] as? String == "clear_memory" && $0["status"] as? String == "in_flight" }
            }?["name"] as? String
        }
        _ = try await runProcess("/usr/bin/pkill", ["-KILL", "-f", "join \(runID)"])
        let killed = try await second.value
        #expect(killed.status != 0, "site 2's controller was killed: \(killed.stderr)")
        let replacement = try await atSite(2, lab, ["join", runID, "--limit", "site2", "--format", "json"] + connection)
        let original = try await first.value
        #expect(original.status == 0, "\(original.stderr)")
        #expect(replacement.status == 0, "\(replacement.stderr)")

        // A third process, on the machine (which reaches no host), sees the whole run.
        let status = try await ScourCLI.run(["status", runID, "--store", url])
        #expect(status.stdout.contains("completed"), "\(status.stdout)")
        let controllers = status.stdout.split(separator: "\n").filter { $0.hasPrefix("controller pid ") }
        #expect(controllers.count == 3 && controllers.filter { $0.hasSuffix(": left") }.count == 2
                    && controllers.contains { $0.hasSuffix(": stopped renewing its lease (killed or cut off)") }, "\(status.stdout)")
        let report = try await ScourCLI.run(["report", runID, "--store", url, "--format", "json"])
        let document = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any] ?? [:]
        let hosts = document["hosts"] as? [[String: Any]] ?? []
        #expect(document["state"] as? String == "completed" && hosts.count == 40)
        let infected = Set(lab.state.hosts.filter(\.infected).map(\.name))
        // Changed, or ok where the killed controller's step in flight had done the work and its
        // taker found it done (the step acted once: the journal check below).
        #expect(hosts.allSatisfy { ["changed", "ok"].contains($0["status"] as? String) }, "none failed or unreachable: \(hosts)")
        #expect(hosts.filter { $0["status"] as? String == "changed" }.count >= 20, "\(hosts)")
        #expect(infected.contains(rebooting), "only an infected host reboots")

        // The journal, as exported: no step that had finished acted again; nobody rebooted twice.
        let exported = lab.directory + "/exported"
        let export = try await ScourCLI.run(["runs", "export", runID, "--to", exported, "--store", url])
        #expect(export.status == 0, "\(export.stderr)")
        let journal = try String(contentsOfFile: "\(exported)/\(runID)/journal.jsonl", encoding: .utf8).split(separator: "\n")
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        var completed: Set<String> = []
        for entry in journal {
            guard let host = entry["host"] as? String, let step = entry["step"] as? String else { continue }
            let key = host + "/" + step
            if entry["event"] as? String == "step_started" { #expect(!completed.contains(key), "\(key) acted again after it had finished") }
            if entry["event"] as? String == "step_finished", ["changed", "ok", "skipped"].contains(entry["status"] as? String) { completed.insert(key) }
        }
        #expect(journal.filter { $0["event"] as? String == "run_ended" }.map { $0["ending"] as? String } == ["completed"])
        let boots = try await lab.boots()
        for host in lab.state.hosts {
            #expect(boots[host.name] == (infected.contains(host.name) ? 2 : 1), "\(host.name) booted \(boots[host.name] ?? -1) times")
            let root = "\(lab.directory)/hosts/\(host.name)/root"
            #expect(!FileManager.default.fileExists(atPath: root + "/var/www/scripts/root.exe"), "\(host.name) still holds root.exe")
            #expect(FileManager.default.fileExists(atPath: root + "/var/lib/patches/MS01-033"), "\(host.name) is patched")
        }
    }

    /// `scour ARGUMENTS` run in site `site`'s network namespace (`lab exec --site`).
    private func atSite(_ site: Int, _ lab: LabFixture, _ arguments: [String]) async throws -> ScourCLI.Result {
        try await lab.inSite(site, [ScourCLI.executable.path] + arguments)
    }

    private func runIDs(_ url: String) async throws -> [String] {
        try await ScourCLI.run(["runs", "--store", url]).stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0.first?.isNumber == true }
    }

    /// The hosts of each `[siteN]` group of the lab's inventory.
    private func siteHosts(_ lab: LabFixture) throws -> [String: [String]] {
        var groups: [String: [String]] = [:]
        var group: String?
        for line in try String(contentsOfFile: lab.inventory, encoding: .utf8).split(separator: "\n") {
            if line.hasPrefix("[") { group = line.hasPrefix("[site") ? String(line.dropFirst().dropLast()) : nil; continue }
            if let group, let name = line.split(separator: " ").first { groups[group, default: []].append(String(name)) }
        }
        return groups
    }

    /// Polls `look` every 0.2 s until it finds something, for at most 300 s.
    private func poll<T>(_ what: String, _ look: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(300)
        while ContinuousClock.now < deadline {
            if let found = try await look() { return found }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw PollTimeout(what: what)
    }

    private struct PollTimeout: Error, CustomStringConvertible {
        var what: String
        var description: String { "waited 300 s for \(what)" }
    }
}
