import Foundation
import ScourEngine
import ScourHost
import ScourLab
import TestSupport
import Testing

/// The real `scour` against lab hosts where an unprivileged user (or a worm hiding from one)
/// tries to keep root's cleanup from seeing or acting (issue 23; the hostile-user modes of
/// `scour lab tamper`, docs/lab.md): a name holding a tab, a folder named like a script, a FIFO
/// swapped in under a globbed name, a key line ending in CR, and an empty host variable in a
/// path. Each test asserts the safe outcome — what the plan and apply say, and what the host
/// holds afterwards, read with plain OpenSSH.
@Suite(.needs(.lab))
struct HostileUsersOnLabTests {
    private func scour(_ lab: LabFixture, _ arguments: [String]) async throws -> ScourCLI.Result {
        try await ScourCLI.run(arguments, environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"])
    }

    private func connection(_ lab: LabFixture) -> [String] { ["-i", lab.inventory, "--known-hosts", lab.knownHosts] }

    private func writePlaybook(_ lab: LabFixture, _ name: String, _ body: String) throws -> String {
        let path = "\(lab.directory)/\(name).scour"
        try "playbook \"\(name)\" {\n  platform = linux\n\(body)\n}\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The only host of a plan's JSON.
    private func plannedHost(_ plan: ScourCLI.Result) throws -> HostPlan {
        try #require(try PlanDocument.decode(Data(plan.stdout.utf8)).hosts.first)
    }

    /// The only host of `scour apply --format json`'s answer.
    private func appliedHost(_ applied: ScourCLI.Result) throws -> HostOutcome {
        let object = try JSONSerialization.jsonObject(with: Data(applied.stdout.utf8)) as? [String: Any]
        let hosts = try JSONDecoder().decode([HostOutcome].self, from: JSONSerialization.data(withJSONObject: object?["hosts"] ?? []))
        return try #require(hosts.first)
    }

    /// The run `scour apply` just recorded (the lab's runs folder holds only this test's).
    private func lastRun(_ lab: LabFixture) throws -> String {
        try #require(try FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs").sorted().last)
    }

    /// `restore --dry-run` finds every recorded file where it should be, then `restore` puts
    /// them back: `describe` reads as before.
    private func expectRestored(_ lab: LabFixture, _ host: LabState.Host, files: Int, configs: Int = 0, describe: String, before: String,
                                sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let run = try lastRun(lab)
        let dryRun = try await scour(lab, ["restore", run, "--dry-run"])
        let would = "would restore \(files) file\(files == 1 ? "" : "s")" + (configs == 0 ? "" : " and \(configs) config\(configs == 1 ? "" : "s")") + "; 0 problems"
        #expect(dryRun.status == 0 && dryRun.stdout.contains(would) && !dryRun.stdout.contains("tampering"),
                "\(dryRun.stdout)\(dryRun.stderr)", sourceLocation: sourceLocation)
        let restored = try await scour(lab, ["restore", run])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)", sourceLocation: sourceLocation)
        #expect(try await lab.ssh(host, describe).stdout == before, "every byte back, with mode, owner and mtime", sourceLocation: sourceLocation)
    }

    // MARK: A name holding a tab

    @Test func a_name_holding_a_tab_is_quarantined_beside_root_exe_and_restored() async throws {
        let lab = try await LabFixture(hosts: 1, extraArguments: ["--infected-share", "1"])
        let host = lab.state.hosts[0]
        #expect(try await lab.tamper(host, "tab-name").status == 0)
        let tabbed = "/var/www/scripts/root\t.exe", plain = "/var/www/scripts/root.exe"
        let describe = #"for f in /var/www/scripts/*; do printf '%s|' "$f"; sha256sum < "$f" | cut -c1-64; stat -c '%a %U %G %Y %s' -- "$f"; done"#
        let before = try await lab.ssh(host, describe).stdout
        #expect(before.contains(tabbed + "|") && before.contains(plain + "|"), "\(before.debugDescription)")
        let playbook = try writePlaybook(lab, "scripts", """
              remove_files "scripts" {
                paths       = ['/var/www/scripts/*.exe']
                max_matches = 10
              }
            """)

        // Plan: both names, not a lying probe; the tab shown as \t, never raw.
        let plan = try await scour(lab, ["plan", playbook, "--format", "json"] + connection(lab))
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let planned = try plannedHost(plan)
        #expect(planned.status == .planned && planned.error == nil, "\(planned.error ?? "")")
        #expect(planned.steps.map(\.action) == [.change])
        #expect(Set(planned.steps.first?.changes.compactMap(\.path) ?? []) == [tabbed, plain], "\(planned.steps)")
        let text = try await scour(lab, ["plan", playbook, "--verbose"] + connection(lab))
        #expect(text.status == 0, "\(text.stdout)\(text.stderr)")
        #expect(text.stdout.contains(#"quarantine /var/www/scripts/root\t.exe ("#) && text.stdout.contains("quarantine /var/www/scripts/root.exe ("),
                "\(text.stdout)")
        #expect(!text.stdout.contains("\t") && !text.stdout.contains("lying probe"), "\(text.stdout.debugDescription)")

        // Apply: both quarantined, with the bytes the plan saw.
        let applied = try await scour(lab, ["apply", playbook, "--no-progress", "--format", "json"] + connection(lab))
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        let outcome = try appliedHost(applied)
        #expect(outcome.status == .changed && outcome.steps.map(\.status) == [.changed], "\(applied.stdout)")
        #expect(try await lab.ssh(host, "ls -A /var/www/scripts | wc -l").stdout == "0\n", "both names gone from the folder")
        let quarantined = try await lab.ssh(host, "find /var/lib/scour/quarantine/\(try lastRun(lab)) -type f ! -name manifest.jsonl -exec sha256sum {} + | cut -c1-64 | sort")
        let hashes = before.split(separator: "\n").compactMap { $0.split(separator: "|").last.map(String.init) }.filter { $0.count == 64 }.sorted()
        #expect(hashes.count == 2 && quarantined.stdout == hashes.joined(separator: "\n") + "\n", "\(quarantined.stdout) vs \(hashes)")

        try await expectRestored(lab, host, files: 2, describe: describe, before: before)
    }

    // MARK: A folder named like a script

    @Test func a_folder_matching_the_glob_is_skipped_and_named_while_the_shells_are_quarantined() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "clean")
        let host = lab.state.hosts[0]
        #expect(try await lab.tamper(host, "dir-php").status == 0)
        let uploads = "/var/www/html/uploads"
        #expect(try await lab.ssh(host, "echo '<?php system($_GET[1]);' > \(uploads)/shell.php && echo '<?php eval($_POST[2]);' > \(uploads)/c99.php").status == 0)
        let folder = "sha256sum \(uploads)/dir.php/index.html; stat -c '%F %a %Y' \(uploads)/dir.php"
        let folderBefore = try await lab.ssh(host, folder).stdout
        let playbook = try writePlaybook(lab, "uploads", """
              remove_files "webshells" {
                paths       = ['\(uploads)/*.php']
                max_matches = 10
              }
            """)
        let skipped = "skipped, not files: \(uploads)/dir.php (a folder)"

        let plan = try await scour(lab, ["plan", playbook, "--format", "json"] + connection(lab))
        #expect(plan.status == 0, "not blocked: \(plan.stdout)\(plan.stderr)")
        let step = try #require(try plannedHost(plan).steps.first)
        #expect(step.action == .change && step.reason.contains(skipped), "\(step.action) \(step.reason)")
        #expect(step.changes.compactMap(\.path).sorted() == ["\(uploads)/c99.php", "\(uploads)/shell.php"], "\(step.changes)")
        let text = try await scour(lab, ["plan", playbook] + connection(lab))
        #expect(text.status == 0 && text.stdout.contains("quarantine \(uploads)/shell.php") && text.stdout.contains("quarantine \(uploads)/c99.php"),
                "\(text.stdout)")
        #expect(text.stdout.contains("0 blocked") && !text.stdout.contains("dir.php"), "the folder is not among what changes: \(text.stdout)")

        let applied = try await scour(lab, ["apply", playbook, "--no-progress", "--format", "json"] + connection(lab))
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        let outcome = try appliedHost(applied)
        #expect(outcome.status == .changed && outcome.steps.map(\.status) == [.changed], "\(applied.stdout)")
        #expect(outcome.steps.first?.detail.contains(skipped) == true, "apply names the folder it left: \(outcome.steps)")
        #expect(try await lab.ssh(host, "ls -A \(uploads)").stdout == "dir.php\n", "the shells gone, the folder left")
        #expect(try await lab.ssh(host, folder).stdout == folderBefore, "dir.php and its index.html as they were")
    }

    // MARK: A FIFO swapped in under a globbed name

    static let cronPlaybook = """
          rollout {
            waves        = [100%]
            max_failures = 100%
            step_timeout = 2m
          }
          detect "miner_cron" {
            content { path = '/etc/cron.d/*'  pattern = 'pool\\.invalid'  max_matches = 50 }
          }
          remove_lines "cron_entries" {
            when        = detected.miner_cron
            paths       = ['/etc/cron.d/*']
            max_matches = 50
            pattern     = 'pool\\.invalid'
          }
        """

    /// Under the probe's 120 s timeout, which a probe blocked on a FIFO would wait out (and then
    /// fail its host, which `plan.status == 0` catches too); the room is for a loaded CI machine,
    /// where one round's plan took 46 s while the others took 2–12 s.
    static let fifoBound: Duration = .seconds(100)
    /// Rounds of plan and apply: the 0.3 s swap meets each in a different phase (a FIFO, a
    /// file, nothing), a standing FIFO beside it in every one.
    static let fifoRounds = 8

    @Test func a_fifo_swapped_in_under_the_glob_never_hangs_plan_or_apply_and_the_rest_is_edited() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "cryptominer", extraArguments: ["--infected-share", "1"])
        let host = lab.state.hosts[0]
        let sysstat = "/etc/cron.d/sysstat", standing = "/etc/cron.d/zz-standing-fifo", swap = "/etc/cron.d/zz-scour-swap"
        let original = try await lab.ssh(host, "base64 -w0 \(sysstat)").stdout
        let cleaned = String(decoding: try #require(Data(base64Encoded: original)), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("pool.invalid") }.joined(separator: "\n")
        #expect(try await lab.ssh(host, "mkfifo -m 644 \(standing)").status == 0)
        #expect(try await lab.tamper(host, "fifo-swap").status == 0)
        let playbook = try writePlaybook(lab, "cron_fifo", Self.cronPlaybook)
        let clock = ContinuousClock()

        var swapSeenAsFIFO = 0, racedRounds = 0
        for round in 1...Self.fifoRounds {
            let (plan, planTime) = try await timed(clock) { try await scour(lab, ["plan", playbook, "--format", "json"] + connection(lab)) }
            print("fifo-swap round \(round): plan \(planTime)")
            #expect(planTime < Self.fifoBound, "round \(round): plan took \(planTime)")
            // The swap may land between the name's hash and its read: what it holds then cannot
            // be told, and the step is unknown, never guessed clean (issue 23) — a safe outcome.
            if plan.status == 4, try plannedHost(plan).steps.first?.reason.contains("I/O error: \(swap)") == true {
                racedRounds += 1
                continue
            }
            #expect(plan.status == 0, "round \(round): \(plan.stdout)\(plan.stderr)")
            guard plan.status == 0 else { continue }
            let planned = try plannedHost(plan)
            #expect(planned.detections.map(\.matched) == [true] && planned.detections.first?.indicators.first?.evidence?.map(\.path) == [sysstat],
                    "round \(round): \(planned.detections)")
            let step = try #require(planned.steps.first)
            #expect(step.action == .change && step.changes.compactMap(\.path) == [sysstat], "round \(round): \(step.action) \(step.reason)")
            #expect(step.reason.contains("\(standing) (not a regular file)"), "round \(round): the FIFO is named: \(step.reason)")
            if step.reason.contains("\(swap) (not a regular file)") { swapSeenAsFIFO += 1 }

            let (applied, applyTime) = try await timed(clock) {
                try await scour(lab, ["apply", playbook, "--no-progress", "--format", "json"] + connection(lab))
            }
            print("fifo-swap round \(round): apply \(applyTime)")
            #expect(applyTime < Self.fifoBound, "round \(round): apply took \(applyTime)")
            if try appliedHost(applied).status == .unknown {
                // The same race in apply's own probe: the host is left alone, nothing edited.
                #expect(try appliedHost(applied).error?.contains("I/O error: \(swap)") == true, "round \(round): \(applied.stdout)")
                #expect(try await lab.ssh(host, "base64 -w0 \(sysstat)").stdout == original, "round \(round): left alone")
                racedRounds += 1
                continue
            }
            let steps = try appliedHost(applied).steps
            if steps.first?.status == .failed,
               steps.first?.detail.contains("after acting, cannot tell which lines the files hold: I/O error: \(swap)") == true {
                // The same race in the verification's probe: edited, but not verified — failed, for
                // `resume` to look again, never reported clean.
                #expect(applied.status == 1, "round \(round): \(applied.stdout)")
                #expect(try await lab.ssh(host, "cat \(sysstat)").stdout == cleaned, "round \(round): edited before the verification")
                #expect(try await lab.ssh(host, "printf '%s' \(original) | base64 -d > \(sysstat)").status == 0)
                racedRounds += 1
                continue
            }
            #expect(applied.status == 0, "round \(round): \(applied.stdout)\(applied.stderr)")
            #expect(steps.map(\.status) == [.changed] && steps.first?.detail.contains("\(standing) (not a regular file)") == true,
                    "round \(round): edited, the FIFO named: \(applied.stdout)")
            #expect(try await lab.ssh(host, "cat \(sysstat)").stdout == cleaned, "round \(round): only the pool line gone")
            #expect(try await lab.ssh(host, "test -p \(standing)").status == 0, "round \(round): the FIFO left alone")
            // The pool line back for the next round.
            #expect(try await lab.ssh(host, "printf '%s' \(original) | base64 -d > \(sysstat)").status == 0)
        }
        print("fifo-swap: \(swapSeenAsFIFO) of \(Self.fifoRounds) plans caught \(swap) as a FIFO, \(racedRounds) rounds met the race (unknown, or not verified)")
        #expect(racedRounds < Self.fifoRounds / 2, "the race between hash and read is rare: most rounds edit")
    }

    private func timed(_ clock: ContinuousClock, _ body: () async throws -> ScourCLI.Result) async throws -> (ScourCLI.Result, Duration) {
        let start = clock.now
        let result = try await body()
        return (result, clock.now - start)
    }

    // MARK: A key line ending in CR

    @Test func a_key_line_ending_in_cr_is_detected_exactly_and_by_glob_and_removed_whole() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "cryptominer", extraArguments: ["--infected-share", "1"])
        let host = lab.state.hosts[0]
        let keys = "/root/.ssh/authorized_keys"
        #expect(try await lab.tamper(host, "cr-key").status == 0)
        let describe = "base64 -w0 \(keys); echo; stat -c '%a %U %G %Y' \(keys)"
        let before = try await lab.ssh(host, describe).stdout
        let original = try #require(Data(base64Encoded: String(before.prefix { $0 != "\n" })))
        let lines = original.split(separator: 0x0A, omittingEmptySubsequences: false)
        let attacker = try #require(lines.firstIndex { $0.last == 0x0D && String(decoding: $0, as: UTF8.self).hasSuffix(" x@kworker\r") })
        var expected = lines
        expected.remove(at: attacker)
        let playbook = try writePlaybook(lab, "attacker_key", """
              detect "key_exact" {
                content { path = '\(keys)'  pattern = ' x@kworker$' }
              }
              detect "key_glob" {
                content { path = '/root/.ssh/authorized_key*'  pattern = ' x@kworker$'  max_matches = 5 }
              }
              remove_lines "attacker_key" {
                when    = detected.key_exact
                paths   = ['\(keys)']
                pattern = ' x@kworker$'
              }
            """)

        let plan = try await scour(lab, ["plan", playbook, "--format", "json"] + connection(lab))
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let planned = try plannedHost(plan)
        #expect(planned.detections.map(\.name) == ["key_exact", "key_glob"] && planned.detections.allSatisfy(\.matched), "\(planned.detections)")
        let glob = planned.detections.last?.indicators.first?.evidence ?? []
        #expect(glob.map(\.path) == [keys] && glob.map(\.line) == [attacker + 1], "grepped on the host, CR stripped: \(glob)")
        let step = try #require(planned.steps.first)
        #expect(step.action == .change && step.changes.compactMap(\.path) == [keys], "\(step.action) \(step.reason)")
        let text = try await scour(lab, ["plan", playbook] + connection(lab))
        #expect(text.status == 0 && !text.stdout.contains("\r"), "no raw CR in the plan: \(text.stdout.debugDescription)")

        let applied = try await scour(lab, ["apply", playbook, "--no-progress", "--format", "json"] + connection(lab))
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        #expect(try appliedHost(applied).steps.map(\.status) == [.changed], "\(applied.stdout)")
        let after = try #require(Data(base64Encoded: try await lab.ssh(host, "base64 -w0 \(keys)").stdout))
        #expect(after == Data(expected.joined(separator: [0x0A])), "the attacker's line gone whole, CR and all; the other keys byte for byte: \(String(decoding: after, as: UTF8.self).debugDescription)")
        #expect(try await lab.ssh(host, "true").status == 0, "the lab's own key still logs in")

        try await expectRestored(lab, host, files: 0, configs: 1, describe: describe, before: before)
    }

    // MARK: An empty host variable in a path

    /// `/` of a lab host is the machine's own (docs/lab.md, "What a host is"), so the file an
    /// empty `web_root` would reach in `"${host.web_root}/admin.dll"` is planted where the same
    /// mistake reaches inside the host's own tree: `"/var/www${host.web_root}/admin.dll"`.
    @Test func an_empty_or_blank_host_variable_in_a_path_is_refused_before_any_host_is_contacted() async throws {
        let lab = try await LabFixture(hosts: 2, scenario: "clean")
        let (good, bad) = (lab.state.hosts[0], lab.state.hosts[1])
        // Every host holds the file the empty value would name, and the good host its own.
        let describe = "sha256sum /var/www/admin.dll /var/www/sites/*/admin.dll; stat -c '%a %Y %n' /var/www/admin.dll /var/www/sites/*/admin.dll"
        var before: [String: String] = [:]
        for host in lab.state.hosts {
            let planted = "mkdir -p /var/www/sites/\(host.name) && echo 'the box admin tool' > /var/www/admin.dll && echo worm > /var/www/sites/\(host.name)/admin.dll"
            #expect(try await lab.ssh(host, planted).status == 0)
            before[host.name] = try await lab.ssh(host, describe).stdout
        }
        let playbook = try writePlaybook(lab, "nimda", """
              remove_files "nimda" {
                paths = ["${host.web_root}/admin.dll"]
              }
              remove_files "nimda_below_www" {
                paths = ["/var/www${host.web_root}/admin.dll"]
              }
            """)

        for (value, words) in [("", "empty"), ("\"  \"", "only whitespace")] {
            let inventory = try self.inventory(lab, bad: bad.name, value: value)
            for command in [["plan"], ["apply", "--no-progress"]] {
                let result = try await scour(lab, command + [playbook, "-i", inventory, "--known-hosts", lab.knownHosts])
                #expect(result.status == 65, "\(command) with web_root=\(value): \(result.stdout)\(result.stderr)")
                for path in ["${host.web_root}/admin.dll", "/var/www${host.web_root}/admin.dll"] {
                    #expect(result.stderr.contains("\(bad.name): an item of 'paths' \"\(path)\""), "\(path): \(result.stderr)")
                }
                #expect(result.stderr.contains("host variable web_root is \(words): a path is never made without it"), "\(result.stderr)")
                #expect(!result.stderr.contains(good.name + ":"), "only the refused host is named: \(result.stderr)")
            }
        }
        let runs = (try? FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs")) ?? []
        #expect(runs.isEmpty, "no run was started: \(runs)")
        for host in lab.state.hosts {
            #expect(try await lab.ssh(host, describe).stdout == before[host.name], "\(host.name): every admin.dll untouched")
        }
    }

    /// The lab's inventory with `web_root=/var/www/sites/NAME` on each host but `bad`, which
    /// gets `web_root=VALUE`.
    private func inventory(_ lab: LabFixture, bad: String, value: String) throws -> String {
        let text = try String(contentsOfFile: lab.inventory, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.contains("ansible_host="), let name = line.split(separator: " ").first.map(String.init) else { return String(line) }
            return "\(line) web_root=\(name == bad ? value : "/var/www/sites/\(name)")"
        }
        let path = lab.directory + "/web-roots-\(value.isEmpty ? "empty" : "blank").ini"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
