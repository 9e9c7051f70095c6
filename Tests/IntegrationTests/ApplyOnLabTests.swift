import Foundation
import ScourEngine
import Testing
import TestSupport

/// `scour apply` on labs, checked afterwards over plain OpenSSH, independently of Scour.
@Suite(.needs(.lab))
struct ApplyOnLabTests {
    private func apply(_ lab: LabFixture, _ playbook: String, _ extra: [String] = []) async throws -> (ScourCLI.Result, [String: HostOutcome]) {
        let result = try await ScourCLI.run(["apply", playbook, "-i", lab.inventory, "--known-hosts", lab.knownHosts, "--format", "json"] + extra)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let hosts = try JSONDecoder().decode([HostOutcome].self, from: JSONSerialization.data(withJSONObject: object?["hosts"] ?? []))
        return (result, Dictionary(uniqueKeysWithValues: hosts.map { ($0.name, $0) }))
    }

    @Test func the_reference_cleanup_on_twelve_hosts() async throws {
        let lab = try await LabFixture(hosts: 12)
        let infected = lab.state.hosts.filter(\.infected)
        #expect(infected.count == 6)
        var before: [String: (site: String, hashes: String)] = [:]
        for host in infected {
            let site = try await lab.ssh(host, "cat /etc/apache2/sites-enabled/000-default.conf").stdout
            let hashes = try await lab.ssh(host, "sha256sum /var/www/scripts/root.exe /var/www/msadc/root.exe /opt/explorer.exe").stdout
            before[host.name] = (site, hashes)
        }

        let (result, outcomes) = try await apply(lab, "Playbooks/codered-ii-linux.scour")
        #expect(result.status == 0, "\(result.stderr)")
        let bootsAfter = try await lab.boots()
        for host in lab.state.hosts {
            #expect(outcomes[host.name]?.status == .changed, "\(host.name): \(String(describing: outcomes[host.name]))")
            #expect(try await lab.ssh(host, "test -e /var/lib/patches/MS01-033").status == 0, "\(host.name): patch installed")
            #expect(try await lab.ssh(host, "systemctl is-active apache2").stdout == "active\n", "disable_web is off by default")
            guard let seeded = before[host.name] else {
                #expect(bootsAfter[host.name] == 1, "\(host.name): a clean host is not rebooted")
                continue
            }
            #expect(bootsAfter[host.name] == 2, "\(host.name): rebooted once")
            let gone = try await lab.ssh(host, "ls /var/www/scripts/root.exe /var/www/msadc/root.exe /opt/explorer.exe 2>/dev/null | wc -l").stdout
            #expect(gone == "0\n", "\(host.name): backdoors gone")
            let site = try await lab.ssh(host, "cat /etc/apache2/sites-enabled/000-default.conf").stdout
            let expected = seeded.site.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !["Alias /c \"/\"", "Alias /d \"/var\"", "AddHandler cgi-script .ida .idq"].contains($0.trimmingCharacters(in: .whitespaces)) }
                .joined(separator: "\n")
            #expect(site == expected, "\(host.name): exactly the worm's lines are gone")
            // Quarantined copies: every file is there with its original hash.
            let quarantined = try await lab.ssh(host, #"cd /var/lib/scour/quarantine/* && for s in $(sed 's/.*"stored_as":"\([^"]*\)".*/\1/' manifest.jsonl); do sha256sum < "$s"; done"#).stdout
            let expectedHashes = seeded.hashes.split(separator: "\n").map { $0.split(separator: " ")[0] + "  -" }.joined(separator: "\n") + "\n"
            #expect(quarantined == expectedHashes, "\(host.name): quarantine holds the files byte for byte")
        }

        let (again, second) = try await apply(lab, "Playbooks/codered-ii-linux.scour")
        #expect(again.status == 0)
        #expect(second.values.allSatisfy { $0.status == .ok }, "a second apply changes nothing")
        #expect(try await lab.boots() == bootsAfter, "and reboots nothing")

        let (disabled, third) = try await apply(lab, "Playbooks/codered-ii-linux.scour", ["--param", "disable_web=true"])
        #expect(disabled.status == 0)
        for host in lab.state.hosts {
            #expect(third[host.name]?.steps.filter { $0.status == .changed }.map(\.name) == ["web"])
            #expect(try await lab.ssh(host, "systemctl is-active apache2; systemctl is-enabled apache2").stdout == "inactive\ndisabled\n")
        }
    }

    @Test func a_wave_past_max_failures_halts_the_rollout() async throws {
        let lab = try await LabFixture(hosts: 12, scenario: "clean")
        let playbook = lab.directory + "/halt.scour"
        try """
            playbook "halt" {
              platform = linux
              rollout {
                waves        = [1, 11, 100%]
                max_failures = 10%
              }
              run "touch" {
                command = "test ! -e /tmp/fail-me && touch /tmp/touched"
              }
            }
            """.write(toFile: playbook, atomically: true, encoding: .utf8)
        let plan = try await ScourCLI.run(["plan", playbook, "-i", lab.inventory, "--known-hosts", lab.knownHosts, "--format", "json"])
        let waves = try PlanDocument.decode(Data(plan.stdout.utf8)).waves
        #expect(waves.map(\.count) == [1, 10, 1])
        let failing = Array(waves[1].prefix(2))
        for name in failing { _ = try await lab.ssh(try lab.state.host(named: name), "touch /tmp/fail-me") }

        let (result, outcomes) = try await apply(lab, playbook)
        #expect(result.status == 3, "halted: \(result.stderr)")
        for name in failing { #expect(outcomes[name]?.status == .failed) }
        #expect(outcomes[waves[2][0]]?.status == .notRun, "wave 3 is untouched")
        #expect(try await lab.ssh(try lab.state.host(named: waves[2][0]), "test -e /tmp/touched").status != 0)
        #expect(try await lab.ssh(try lab.state.host(named: waves[0][0]), "test -e /tmp/touched").status == 0)
    }

    @Test func a_failed_validation_restores_the_config_byte_for_byte() async throws {
        let lab = try await LabFixture(hosts: 2, extraArguments: ["--infected-share", "100%"])
        let playbook = lab.directory + "/validate.scour"
        try """
            playbook "validate" {
              platform = linux
              rollout {
                max_failures = 100%
              }
              strip_mappings "worm" {
                server   = apache
                config   = '/etc/apache2/sites-enabled/000-default.conf'
                aliases  = ["/c", "/d"]
                validate = "grep -q '^never there' /etc/apache2/sites-enabled/000-default.conf"
              }
            }
            """.write(toFile: playbook, atomically: true, encoding: .utf8)
        let config = "/etc/apache2/sites-enabled/000-default.conf"
        let before = try await lab.state.hosts.asyncMap { try await lab.ssh($0, "sha256sum \(config); stat -c '%a %U %G' \(config)").stdout }
        let (result, outcomes) = try await apply(lab, playbook)
        #expect(result.status == 1)
        for host in lab.state.hosts {
            let step = outcomes[host.name]?.steps.first
            #expect(step?.status == .failed)
            #expect(step?.detail.contains("the original \(config) was put back") == true, "\(String(describing: step))")
        }
        let after = try await lab.state.hosts.asyncMap { try await lab.ssh($0, "sha256sum \(config); stat -c '%a %U %G' \(config)").stdout }
        #expect(after == before)
    }

    @Test func reboots_that_never_come_back_or_never_happen_fail_alone() async throws {
        let lab = try await LabFixture(hosts: 3, scenario: "clean", extraArguments: ["--boot-delay", "60s"])
        let playbook = lab.directory + "/reboot.scour"
        try """
            playbook "reboot" {
              platform = linux
              rollout {
                waves        = [100%]
                max_failures = 100%
              }
              run "fake_reboot" {
                when    = host.name == "h02"
                command = "mount --bind /bin/true /usr/sbin/reboot"
              }
              reboot "r" {
                when    = host.name != "h03"
                timeout = 8s
              }
            }
            """.write(toFile: playbook, atomically: true, encoding: .utf8)
        let (result, outcomes) = try await apply(lab, playbook)
        #expect(result.status == 1)
        let h01 = outcomes["h01"]?.steps.last
        #expect(h01?.status == .failed)
        #expect(h01?.detail.contains("did not come back within 8s") == true, "\(String(describing: h01))")
        let h02 = outcomes["h02"]?.steps.last
        #expect(h02?.status == .failed)
        #expect(h02?.detail.contains("same boot id") == true, "\(String(describing: h02))")
        #expect(outcomes["h03"]?.status == .ok, "the others are not affected")
    }

    @Test func ctrl_c_finishes_the_steps_in_flight_and_starts_nothing_new() async throws {
        let lab = try await LabFixture(hosts: 4, scenario: "clean")
        let playbook = lab.directory + "/slow.scour"
        try """
            playbook "slow" {
              platform = linux
              rollout {
                waves = [1, 100%]
              }
              run "slow" {
                command = "sleep 3 && touch /tmp/finished"
              }
            }
            """.write(toFile: playbook, atomically: true, encoding: .utf8)
        // Ctrl-C once the first wave's step is acting (after a fixed delay, a loaded machine
        // could still be starting scour, before its handler is set: SIGINT would just end it).
        let runs = lab.directory + "/runs"
        let result = try await ScourCLI.run(["apply", playbook, "-i", lab.inventory, "--known-hosts", lab.knownHosts, "--format", "json"],
                                            environment: ["SCOUR_RUNS_DIR": runs]) { pid in
            Thread.detachNewThread {
                _ = waitForJournal(in: runs, event: "step_started", timeout: 60)
                kill(pid, SIGINT)
            }
        }
        #expect(result.status == 130, "\(result.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(report?["ending"] as? String == "interrupted")
        let hosts = report?["hosts"] as? [[String: Any]] ?? []
        #expect(hosts.filter { $0["status"] as? String == "changed" }.count == 1, "the canary's step in flight finished")
        #expect(hosts.filter { $0["status"] as? String == "not_run" }.count == 3, "wave 2 never started")
        let finished = try await lab.state.hosts.asyncFilter { try await lab.ssh($0, "test -e /tmp/finished").status == 0 }
        #expect(finished.count == 1)

        // `scour resume` goes on with wave 2 and leaves the canary alone.
        let run = try #require(report?["run_id"] as? String)
        let resumed = try await ScourCLI.run(["resume", run, "--format", "json"], environment: ["SCOUR_RUNS_DIR": runs])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let after = try JSONSerialization.jsonObject(with: Data(resumed.stdout.utf8)) as? [String: Any]
        #expect((after?["waves"] as? [[String: Any]])?.map { $0["index"] as? Int } == [2], "only wave 2 ran")
        #expect(try await lab.state.hosts.asyncFilter { try await lab.ssh($0, "test -e /tmp/finished").status == 0 }.count == 4)
    }
}
