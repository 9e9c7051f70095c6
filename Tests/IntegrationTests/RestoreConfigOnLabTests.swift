import Foundation
import ScourEngine
import Testing
import TestSupport

/// `scour restore` of the config files `strip_mappings` edited, and of paths or hosts that
/// take nothing: the reference playbook applied on small labs through the real `scour`, the
/// hosts checked over plain OpenSSH.
@Suite(.needs(.lab))
struct RestoreConfigOnLabTests {
    static let config = "/etc/apache2/sites-enabled/000-default.conf"
    /// The config's bytes (hash), mode, owner, group and mtime, and whether the worm's alias is in it.
    static let describe = "sha256sum \(config); stat -c '%a %U %G %Y' \(config); grep -c 'Alias /c' \(config)"

    private func scour(_ lab: LabFixture, _ arguments: [String]) async throws -> ScourCLI.Result {
        try await ScourCLI.run(arguments, environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"])
    }

    /// Applies the reference playbook; returns the run id.
    private func apply(_ lab: LabFixture) async throws -> String {
        let applied = try await scour(lab, ["apply", "Playbooks/codered-ii-linux.scour", "-i", lab.inventory, "--known-hosts", lab.knownHosts, "--no-progress"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        return try #require(try FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs").sorted().last)
    }

    private func journal(_ lab: LabFixture, _ run: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: "\(lab.directory)/runs/\(run)/journal.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func restore_puts_the_original_config_back_byte_for_byte_worm_lines_included() async throws {
        let lab = try await LabFixture(hosts: 3)
        let infected = lab.state.hosts.filter(\.infected)
        #expect(!infected.isEmpty && infected.count < 3)
        // An unusual owner, mode and mtime, to see them come back.
        _ = try await lab.ssh(infected[0], "chown nobody:nogroup \(Self.config) && chmod 640 \(Self.config) && touch -m -d @1000000000 \(Self.config)")
        let before = try await infected.asyncMap { try await lab.ssh($0, Self.describe).stdout }
        let bytes = try await infected.asyncMap { try await lab.ssh($0, "cat \(Self.config)").stdout }
        #expect(before.allSatisfy { $0.hasSuffix("\n1\n") }, "the worm's alias is there: \(before)")

        let run = try await apply(lab)
        for host in infected { #expect(try await lab.ssh(host, "grep -c 'Alias /c' \(Self.config)").stdout == "0\n", "\(host.name): stripped") }
        // The controller recorded the edit: the original's hash, and the hash of what it wrote.
        let edits = try journal(lab, run).compactMap { $0["config_edits"] as? [[String: Any]] }.flatMap { $0 }
        #expect(edits.count == infected.count)
        for (host, seeded) in zip(infected, before) {
            let now = try await lab.ssh(host, "sha256sum \(Self.config)").stdout.prefix(64)
            #expect(edits.contains { $0["sha256_before"] as? String == String(seeded.prefix(64)) && $0["sha256_after"] as? String == String(now) },
                    "\(host.name): \(edits)")
        }

        let dryRun = try await scour(lab, ["restore", run, Self.config, "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.stdout)\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("would restore 0 files and \(infected.count) config"), "\(dryRun.stdout)")
        for host in infected { #expect(try await lab.ssh(host, "grep -c 'Alias /c' \(Self.config)").stdout == "0\n", "a dry run changes nothing") }

        let restored = try await scour(lab, ["restore", run, Self.config])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        #expect(restored.stdout.contains("restored 0 files and \(infected.count) config"), "\(restored.stdout)")
        for (index, host) in infected.enumerated() {
            #expect(try await lab.ssh(host, Self.describe).stdout == before[index], "\(host.name): bytes, mode, owner and mtime back")
            #expect(try await lab.ssh(host, "cat \(Self.config)").stdout == bytes[index])
            #expect(try await lab.ssh(host, "ls -A \((Self.config as NSString).deletingLastPathComponent)").stdout == "000-default.conf\n", "no temporary left")
            #expect(try await lab.ssh(host, "test -e /opt/explorer.exe").status != 0, "only the config was selected")
        }
        let recorded = try journal(lab, run).filter { $0["event"] as? String == "file_restored" }
        #expect(recorded.count == infected.count)
        #expect(recorded.allSatisfy { $0["status"] as? String == "restored" && $0["kind"] as? String == "config" && $0["path"] as? String == Self.config })
        #expect(try await scour(lab, ["report", run]).stdout.contains("`\(Self.config)`: restored"))

        let again = try await scour(lab, ["restore", run, Self.config])
        #expect(again.status == 0, "\(again.stdout)")
        #expect(again.stdout.contains("already the original"), "\(again.stdout)")
    }

    /// The controller killed after an edit step replaced the file and before its end reached
    /// the journal (it is validating): the edit is on record from the step's start, and restore
    /// puts the original back byte for byte.
    @Test func an_edit_cut_off_by_kill_9_is_on_record_and_restored() async throws {
        let lab = try await LabFixture(hosts: 1, extraArguments: ["--infected-share", "100%"])
        let host = lab.state.hosts[0]
        let before = try await lab.ssh(host, Self.describe).stdout
        let bytes = try await lab.ssh(host, "cat \(Self.config)").stdout
        #expect(before.hasSuffix("\n1\n"), "the worm's alias is there: \(before)")
        let playbook = lab.directory + "/strip.scour"
        try """
            playbook "strip" {
              platform = linux
              strip_mappings "worm_mappings" {
                server   = apache
                config   = '\(Self.config)'
                aliases  = ["/c", "/d"]
                handlers = [".ida", ".idq"]
                validate = "touch /tmp/scour-validating && sleep 30"
              }
            }
            """.write(toFile: playbook, atomically: true, encoding: .utf8)
        let validating = "\(lab.directory)/hosts/\(host.name)/root/tmp/scour-validating"
        let killed = try await ScourCLI.run(["apply", playbook, "-i", lab.inventory, "--known-hosts", lab.knownHosts, "--no-progress"],
                                      environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"]) { pid in
            Thread.detachNewThread {
                let deadline = Date().addingTimeInterval(60)
                while Date() < deadline, !FileManager.default.fileExists(atPath: validating) { Thread.sleep(forTimeInterval: 0.02) }
                kill(pid, SIGKILL)
            }
        }
        #expect(killed.status == SIGKILL, "\(killed.stdout)\(killed.stderr)")
        #expect(try await lab.ssh(host, "grep -c 'Alias /c' \(Self.config)").stdout == "0\n", "replaced before the kill")
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs").sorted().last)
        let entries = try journal(lab, run)
        #expect(!entries.contains { $0["event"] as? String == "step_finished" }, "the step's end never reached the journal")
        let editing = entries.first { $0["event"] as? String == "step_started" }?["editing"] as? [[String: Any]] ?? []
        #expect(editing.count == 1 && editing.first?["path"] as? String == Self.config
                && editing.first?["sha256_before"] as? String == String(before.prefix(64)), "\(editing)")

        let restored = try await scour(lab, ["restore", run])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        #expect(restored.stdout.contains("edited by a step the run did not see end"), "\(restored.stdout)")
        #expect(try await lab.ssh(host, Self.describe).stdout == before, "bytes, mode, owner and mtime back")
        #expect(try await lab.ssh(host, "cat \(Self.config)").stdout == bytes)
    }

    @Test func a_config_changed_since_the_edit_is_refused_until_forced() async throws {
        let lab = try await LabFixture(hosts: 2, extraArguments: ["--infected-share", "100%"])
        let host = lab.state.hosts[0]
        let before = try await lab.ssh(host, Self.describe).stdout
        let run = try await apply(lab)
        _ = try await lab.ssh(host, "echo '# edited by hand' >> \(Self.config)")
        let changed = try await lab.ssh(host, "cat \(Self.config)").stdout

        let refused = try await scour(lab, ["restore", run])
        #expect(refused.status == 1, "\(refused.stdout)")
        #expect(refused.stdout.contains("\(host.name)  changed since (it has SHA-256 "), "\(refused.stdout)")
        #expect(refused.stdout.contains("restored 6 files and 1 config; 1 problem"), "the rest was restored: \(refused.stdout)")
        #expect(try await lab.ssh(host, "cat \(Self.config)").stdout == changed, "left alone")
        #expect(try await lab.ssh(lab.state.hosts[1], "grep -c 'Alias /c' \(Self.config)").stdout == "1\n", "the other host's config is back")
        #expect(try journal(lab, run).contains { $0["event"] as? String == "file_restored" && $0["status"] as? String == "changed_since" })

        let forced = try await scour(lab, ["restore", run, Self.config, "--host", host.name, "--force"])
        #expect(forced.status == 0, "\(forced.stdout)")
        #expect(try await lab.ssh(host, Self.describe).stdout == before)
    }

    @Test func a_path_or_host_that_takes_nothing_fails_and_shows_what_there_is() async throws {
        let lab = try await LabFixture(hosts: 2)
        let infected = try #require(lab.state.hosts.first { $0.infected })
        let clean = try #require(lab.state.hosts.first { !$0.infected })
        let run = try await apply(lab)

        let typo = try await scour(lab, ["restore", run, "/opt/explorer.ex"])
        #expect(typo.status == 1, "\(typo.stdout)")
        #expect(typo.stdout.contains("nothing quarantined or edited at /opt/explorer.ex on any of the 2 hosts"), "\(typo.stdout)")
        #expect(typo.stdout.contains("\(infected.name)  nothing quarantined or edited under the given paths; quarantined here: "), "\(typo.stdout)")
        #expect(typo.stdout.contains("/opt/explorer.exe"))
        #expect(typo.stdout.contains("; edited here: \(Self.config)"))
        #expect(typo.stdout.contains("\(clean.name)  nothing quarantined or edited under the given paths; the run quarantined and edited nothing here"))

        let wrongHost = try await scour(lab, ["restore", run, "/opt/explorer.exe", "--host", clean.name])
        #expect(wrongHost.status == 1, "the file was never quarantined there: \(wrongHost.stdout)")
        #expect(wrongHost.stdout.contains("nothing quarantined or edited at /opt/explorer.exe on \(clean.name)"), "\(wrongHost.stdout)")

        let noHost = try await scour(lab, ["restore", run, "--host", "web99"])
        #expect(noHost.status == 1)
        #expect(noHost.stderr.contains("no host of run \(run) matches web99"), "\(noHost.stderr)")
        #expect(noHost.stderr.contains("\(clean.name)  nothing"), "\(noHost.stderr)")
        #expect(noHost.stderr.contains("\(infected.name)  /var/www/scripts/root.exe"), "\(noHost.stderr)")
        #expect(noHost.stderr.contains("edit \(Self.config)"), "\(noHost.stderr)")

        #expect(try await lab.ssh(infected, "ls /var/www/scripts/root.exe /opt/explorer.exe 2>/dev/null | wc -l").stdout == "0\n", "nothing was restored")
        #expect(try journal(lab, run).filter { $0["event"] as? String == "file_restored" }.isEmpty)
    }
}
