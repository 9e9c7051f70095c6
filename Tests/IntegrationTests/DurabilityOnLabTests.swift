import Foundation
import ScourEngine
import Synchronization
import Testing
import TestSupport

/// Journal and resume, restore, apply of a saved plan and reports, on labs through the real
/// `scour`, checked over plain OpenSSH and by reading the run's files.
@Suite(.needs(.lab))
struct DurabilityOnLabTests {
    /// Runs `scour` with the lab's own runs folder, so the test finds its run alone there.
    private func scour(_ lab: LabFixture, _ arguments: [String], onStart: (@Sendable (Int32) -> Void)? = nil) async throws -> ScourCLI.Result {
        try await ScourCLI.run(arguments, environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"], onStart: onStart)
    }

    private func connection(_ lab: LabFixture) -> [String] { ["-i", lab.inventory, "--known-hosts", lab.knownHosts] }

    private func runID(_ lab: LabFixture) throws -> String {
        let runs = try FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs").sorted()
        return try #require(runs.last)
    }

    private func journal(_ lab: LabFixture, _ run: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: "\(lab.directory)/runs/\(run)/journal.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    private func report(_ lab: LabFixture, _ run: String) async throws -> [String: Any] {
        let result = try await scour(lab, ["report", run, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
    }

    @Test func kill_9_mid_wave_two_then_resume_cleans_every_host_doing_nothing_twice() async throws {
        let lab = try await LabFixture(hosts: 20, extraArguments: ["--boot-delay", "3s"])
        let infected = Set(lab.state.hosts.filter(\.infected).map(\.name))
        let journalFolder = lab.directory + "/runs"
        let applied = try await scour(lab, ["apply", "Playbooks/codered-ii-linux.scour", "--waves", "2,10,100%", "--no-progress"] + connection(lab)) { pid in
            // Kill the controller once a wave-2 host is rebooting: steps of wave 2 are in flight.
            Thread.detachNewThread {
                let deadline = Date().addingTimeInterval(120)
                while Date() < deadline, !Self.rebootStartedInWaveTwo(journalFolder) { Thread.sleep(forTimeInterval: 0.05) }
                kill(pid, SIGKILL)
            }
        }
        #expect(applied.status == SIGKILL, "killed: \(applied.status) \(applied.stderr)")
        let run = try runID(lab)
        let stopped = try await scour(lab, ["status", run])
        #expect(stopped.stdout.contains("stopped without an end"), "\(stopped.stdout)")
        #expect(stopped.stdout.contains("in_flight"), "some wave-2 host was in flight: \(stopped.stdout)")
        let before = try journal(lab, run)
        #expect(before.contains { $0["event"] as? String == "wave_started" && $0["wave"] as? Int == 2 })
        #expect(!before.contains { $0["event"] as? String == "wave_started" && $0["wave"] as? Int == 3 }, "killed in wave 2")

        // The power went out mid-write, too: a torn last line.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(journalFolder)/\(run)/journal.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"event":"step_fini"#.utf8))
        try handle.close()

        let resumed = try await scour(lab, ["resume", run, "--format", "json"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let after = try journal(lab, run)
        #expect(after.count > before.count, "every line reads back: the torn one was cut off")
        #expect(after.filter { $0["event"] as? String == "run_resumed" }.count == 1)

        // No completed step acted again; no host rebooted twice.
        var completed: Set<String> = []
        for entry in after {
            guard let host = entry["host"] as? String, let step = entry["step"] as? String else { continue }
            let key = host + "/" + step
            if entry["event"] as? String == "step_started" { #expect(!completed.contains(key), "\(key) acted again after it had finished") }
            if entry["event"] as? String == "step_finished", ["changed", "ok", "skipped"].contains(entry["status"] as? String) {
                completed.insert(key)
            }
        }
        let bootCounts = try await lab.boots()
        for host in lab.state.hosts {
            #expect(bootCounts[host.name] == (infected.contains(host.name) ? 2 : 1), "\(host.name): booted \(bootCounts[host.name] ?? -1) times")
            let left = try await lab.ssh(host, "ls /var/www/scripts/root.exe /var/www/msadc/root.exe /opt/explorer.exe 2>/dev/null | wc -l; test -e /var/lib/patches/MS01-033 && echo patched; grep -c 'Alias /c' /etc/apache2/sites-enabled/000-default.conf")
            #expect(left.stdout == "0\npatched\n0\n", "\(host.name) is clean: \(left.stdout)")
        }
        let final = try await report(lab, run)
        #expect(final["state"] as? String == "completed")
        #expect(final["attempts"] as? Int == 2)
    }

    /// Whether the journal in `folder` shows a reboot step starting after wave 2 started.
    private static func rebootStartedInWaveTwo(_ folder: String) -> Bool {
        guard let run = try? FileManager.default.contentsOfDirectory(atPath: folder).first,
              let text = try? String(contentsOfFile: "\(folder)/\(run)/journal.jsonl", encoding: .utf8) else { return false }
        let lines = text.split(separator: "\n")
        guard let wave2 = lines.firstIndex(where: { $0.contains(#""event":"wave_started""#) && $0.contains(#""wave":2}"#) }) else { return false }
        return lines[wave2...].contains { $0.contains(#""event":"step_started""#) && $0.contains(#""step":"clear_memory""#) }
    }

    @Test func status_shows_a_run_in_progress_and_a_second_scour_is_refused() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "clean")
        let playbook = lab.directory + "/slow.scour"
        try """
            playbook "slow" {
              platform = linux
              run "slow" {
                command = "sleep 10"
              }
            }
            """.write(toFile: playbook, atomically: true, encoding: .utf8)
        let folder = lab.directory + "/runs"
        let seen = Mutex<(status: String, resume: ScourCLI.Result?)>(("", nil))
        let applied = try await scour(lab, ["apply", playbook] + connection(lab)) { _ in
            Thread.detachNewThread {
                guard let run = waitForJournal(in: folder, event: "step_started") else { return }
                // Resume first: on a loaded machine each scour takes a while to start.
                let resume = try? ScourCLI.run(["resume", run], environment: ["SCOUR_RUNS_DIR": folder])
                let status = (try? ScourCLI.run(["status", run], environment: ["SCOUR_RUNS_DIR": folder]).stdout) ?? ""
                seen.withLock { $0 = (status, resume) }
            }
        }
        #expect(applied.status == 0, "\(applied.stderr)")
        let (status, resume) = seen.withLock { $0 }
        #expect(status.contains("running (pid "), "\(status)")
        #expect(status.contains("in_flight"), "\(status)")
        #expect(resume?.status == 1)
        #expect(resume?.stderr.contains("is in use by another scour (pid") == true, "\(resume?.stderr ?? "")")
    }

    @Test func a_reboot_already_asked_for_is_not_asked_again_on_resume() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "clean", extraArguments: ["--boot-delay", "3s"])
        let playbook = lab.directory + "/reboot.scour"
        try """
            playbook "reboot" {
              platform = linux
              reboot "once" {
                timeout = 1m
              }
            }
            """.write(toFile: playbook, atomically: true, encoding: .utf8)
        let host = lab.state.hosts[0]
        let markers = "\(lab.directory)/hosts/\(host.name)/root/var/lib/scour/reboots"
        let killed = try await scour(lab, ["apply", playbook] + connection(lab)) { pid in
            // Kill the controller the moment the host has noted the reboot request.
            Thread.detachNewThread {
                let deadline = Date().addingTimeInterval(60)
                while Date() < deadline, (try? FileManager.default.contentsOfDirectory(atPath: markers))?.isEmpty ?? true {
                    Thread.sleep(forTimeInterval: 0.01)
                }
                kill(pid, SIGKILL)
            }
        }
        #expect(killed.status == SIGKILL)
        let run = try runID(lab)
        let resumed = try await scour(lab, ["resume", run, "--format", "json"])
        #expect(resumed.status == 0, "\(resumed.stdout) \(resumed.stderr)")
        #expect(resumed.stdout.contains(#""status" : "changed""#))
        #expect(try await lab.boots()[host.name] == 2, "rebooted exactly once")
    }

    @Test func restore_puts_every_file_back_byte_for_byte_and_refuses_to_overwrite() async throws {
        let lab = try await LabFixture(hosts: 2, extraArguments: ["--infected-share", "100%"])
        let files = ["/var/www/scripts/root.exe", "/var/www/msadc/root.exe", "/opt/explorer.exe"]
        let host = lab.state.hosts[0]
        _ = try await lab.ssh(host, "chmod 4751 /opt/explorer.exe && chown nobody:nogroup /opt/explorer.exe && touch -m -d @1000000000 /var/www/msadc/root.exe")
        let stat = "stat -c '%n %s %a %U %G %Y' \(files.joined(separator: " ")); sha256sum \(files.joined(separator: " "))"
        let seeded = try await lab.state.hosts.asyncMap { try await lab.ssh($0, stat).stdout }

        let applied = try await scour(lab, ["apply", "Playbooks/codered-ii-linux.scour", "--format", "json"] + connection(lab))
        #expect(applied.status == 0, "\(applied.stderr)")
        let run = try runID(lab)
        for host in lab.state.hosts { #expect(try await lab.ssh(host, "ls \(files.joined(separator: " ")) 2>/dev/null | wc -l").stdout == "0\n") }

        let dryRun = try await scour(lab, ["restore", run, "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.stdout)\(dryRun.stderr)")
        #expect(dryRun.stdout.contains("would restore 6 files"))
        for host in lab.state.hosts { #expect(try await lab.ssh(host, "ls \(files.joined(separator: " ")) 2>/dev/null | wc -l").stdout == "0\n", "dry run changed nothing") }

        // Something new at one path on the second host: refused without --force.
        let second = lab.state.hosts[1]
        _ = try await lab.ssh(second, "echo new > /opt/explorer.exe")
        let restored = try await scour(lab, ["restore", run])
        #expect(restored.status == 1, "one refusal: \(restored.stdout)")
        #expect(restored.stdout.contains("restored 5 files and 2 configs; 1 problem"), "\(restored.stdout)")
        #expect(try await lab.ssh(second, "cat /opt/explorer.exe").stdout == "new\n", "not overwritten")
        #expect(try await lab.ssh(host, stat).stdout == seeded[0], "byte for byte, with mode, owner and mtime")

        // A quarantined copy that no longer has its recorded hash is not put back.
        _ = try await lab.ssh(second, "cd /var/lib/scour/quarantine/\(run) && echo tampered >> \"$(ls | grep -v manifest | head -1)\"; rm -f /var/www/scripts/root.exe /var/www/msadc/root.exe")
        let tampered = try await scour(lab, ["restore", run, "--host", second.name, "/var/www"])
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("SHA-256 differs from the manifest, not restored"), "\(tampered.stdout)")
        #expect(tampered.stdout.contains("restored 1 file; 1 problem"), "\(tampered.stdout)")

        // Each restore is on the run's record.
        let restores = try journal(lab, run).filter { $0["event"] as? String == "file_restored" }
        #expect(restores.filter { $0["status"] as? String == "restored" }.count == 8, "5 and 2 configs, then 1 after the tampering")
        #expect(restores.contains { $0["status"] as? String == "exists" && $0["path"] as? String == "/opt/explorer.exe" })
        #expect(restores.contains { $0["status"] as? String == "hash_mismatch" })
        #expect(try await scour(lab, ["report", run]).stdout.contains("## Restored from quarantine"))

        let forced = try await scour(lab, ["restore", run, "--host", second.name, "/opt", "--force"])
        #expect(forced.status == 0, "\(forced.stdout)")
        #expect(try await lab.ssh(second, "stat -c '%n %s %a %U %G %Y' /opt/explorer.exe; sha256sum /opt/explorer.exe").stdout
                == seeded[1].split(separator: "\n").filter { $0.contains("/opt/explorer.exe") }.map { $0 + "\n" }.joined())
    }

    @Test func a_step_whose_files_changed_after_the_plan_is_drifted_and_reported() async throws {
        let lab = try await LabFixture(hosts: 4, extraArguments: ["--infected-share", "100%"])
        let planFile = lab.directory + "/plan.json"
        let plan = try await scour(lab, ["plan", "Playbooks/codered-ii-linux.scour", "-o", planFile] + connection(lab))
        #expect(plan.status == 0, "\(plan.stderr)")
        let drifted = lab.state.hosts[2]
        _ = try await lab.ssh(drifted, "echo more >> /opt/explorer.exe")

        // Drift counts toward max_failures (one of the first wave's hosts would halt the rollout):
        // left out here, so the other hosts go on.
        let applied = try await scour(lab, ["apply", planFile, "--known-hosts", lab.knownHosts, "--format", "json", "--drift-is-not-failure"])
        #expect(applied.status == 1, "a drifted host is not done: \(applied.stderr)")
        let outcomes = try JSONSerialization.jsonObject(with: Data(applied.stdout.utf8)) as? [String: Any]
        let hosts = Dictionary(uniqueKeysWithValues: (outcomes?["hosts"] as? [[String: Any]] ?? []).map { ($0["name"] as! String, $0) })
        #expect(hosts[drifted.name]?["status"] as? String == "drifted")
        #expect((hosts[drifted.name]?["error"] as? String)?.contains("backdoors") == true, "names the drifted step")
        let backdoors = (hosts[drifted.name]?["steps"] as? [[String: Any]])?.first { $0["name"] as? String == "backdoors" }
        #expect(backdoors?["status"] as? String == "drifted")
        #expect((backdoors?["detail"] as? String)?.contains("file /opt/explorer.exe") == true, "says what changed: \(backdoors ?? [:])")
        for host in lab.state.hosts where host.name != drifted.name { #expect(hosts[host.name]?["status"] as? String == "changed") }
        #expect(try await lab.ssh(drifted, "test -e /var/www/scripts/root.exe").status == 0, "the drifted step did not act")
        let run = try runID(lab)

        // Reports of that run: markdown for the ticket, JSON, and JUnit XML valid against the common schema.
        let markdown = try await scour(lab, ["report", run])
        #expect(markdown.stdout.contains("# Scour run \(run): codered-ii-linux"))
        #expect(markdown.stdout.contains("- **\(drifted.name)** (drifted): `not as predicted right before acting"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("`backdoors` (remove_files): `quarantine /var/www/scripts/root.exe"))
        let json = try await report(lab, run)
        #expect((json["hosts"] as? [[String: Any]])?.count == 4)
        let junitFile = lab.directory + "/junit.xml"
        let junit = try await scour(lab, ["report", run, "--format", "junit", "-o", junitFile])
        #expect(junit.status == 0)
        let schema = ScourCLI.packageRoot.appendingPathComponent("Tests/Fixtures/junit.xsd").path
        let validation = try await runProcess("/usr/bin/xmllint", ["--noout", "--schema", schema, junitFile])
        #expect(validation.status == 0, "\(validation.stderr)")
        let xml = try String(contentsOfFile: junitFile, encoding: .utf8)
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == 4 * 5, "one test case per host and step")
        #expect(xml.contains(#"<testcase classname="\#(drifted.name)" name="backdoors""#))

        // A changed playbook or an old plan is refused, and --replan works on the drifted host.
        let old = try await scour(lab, ["apply", planFile, "--known-hosts", lab.knownHosts, "--max-plan-age", "0s"])
        #expect(old.status == 65)
        #expect(old.stderr.contains("more than --max-plan-age"), "\(old.stderr)")
        let replanned = try await scour(lab, ["apply", planFile, "--known-hosts", lab.knownHosts, "--replan", "--format", "json"])
        #expect(replanned.status == 0, "\(replanned.stderr)")
        #expect(try await lab.ssh(drifted, "test -e /var/www/scripts/root.exe").status != 0)
    }

    @Test func a_changed_playbook_refuses_the_plan_and_names_the_file() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "clean")
        let playbook = lab.directory + "/touch.scour"
        let text = """
            playbook "touch" {
              platform = linux
              run "touch" {
                command = "touch /tmp/touched"
              }
            }

            """
        try text.write(toFile: playbook, atomically: true, encoding: .utf8)
        let planFile = lab.directory + "/plan.json"
        #expect(try await scour(lab, ["plan", playbook, "-o", planFile] + connection(lab)).status == 0)
        try (text + "# edited\n").write(toFile: playbook, atomically: true, encoding: .utf8)
        let refused = try await scour(lab, ["apply", planFile, "--known-hosts", lab.knownHosts])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("the playbook \(playbook) changed since the plan was made"), "\(refused.stderr)")
        #expect(try await lab.ssh(lab.state.hosts[0], "test -e /tmp/touched").status != 0)
    }

    @Test func a_manual_pause_and_a_halt_are_resumed() async throws {
        let lab = try await LabFixture(hosts: 4, scenario: "clean")
        let playbook = lab.directory + "/pause.scour"
        try """
            playbook "pause" {
              platform = linux
              rollout {
                waves        = [1, 2, 100%]
                pause        = manual
                max_failures = 0
              }
              run "touch" {
                command = "test ! -e /tmp/fail-me && touch /tmp/touched"
              }
            }
            """.write(toFile: playbook, atomically: true, encoding: .utf8)
        let first = try await scour(lab, ["apply", playbook, "--format", "json"] + connection(lab))
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains(#""ending" : "paused after wave 1""#), "\(first.stdout)")
        let run = try runID(lab)
        let touched = { try await lab.state.hosts.asyncFilter { try await lab.ssh($0, "test -e /tmp/touched").status == 0 }.count }
        #expect(try await touched() == 1)

        let plan = try await report(lab, run)
        let waves = (plan["waves"] as? [[String: Any]] ?? []).map { $0["hosts"] as? [String] ?? [] }
        #expect(waves.map(\.count) == [1, 1, 2])
        let failing = try lab.state.host(named: waves[2][0])
        _ = try await lab.ssh(failing, "touch /tmp/fail-me")

        let second = try await scour(lab, ["resume", run, "--format", "json"])
        #expect(second.stdout.contains(#""ending" : "paused after wave 2""#), "\(second.stdout)")
        let third = try await scour(lab, ["resume", run, "--format", "json"])
        #expect(third.status == 1, "the last wave has nothing after it to halt: a failed host, exit 1: \(third.stdout)")
        #expect(third.stdout.contains(#""ending" : "completed""#), "\(third.stdout)")
        #expect(try await touched() == 3)

        _ = try await lab.ssh(failing, "rm /tmp/fail-me")
        let fourth = try await scour(lab, ["resume", run, "--format", "json"])
        #expect(fourth.status == 0, "after the operator looked: \(fourth.stdout) \(fourth.stderr)")
        #expect(try await touched() == 4)
        let entries = try journal(lab, run)
        let starts = entries.filter { $0["event"] as? String == "step_started" }.compactMap { $0["host"] as? String }
        #expect(starts.count == 5, "each host acted once, the failed one twice: \(starts)")
        #expect(try await scour(lab, ["resume", run]).status == 1, "a completed run has nothing to resume")
        #expect(try await scour(lab, ["runs"]).stdout.contains("\(run)  pause  4 hosts  completed"))
    }
}
