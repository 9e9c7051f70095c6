import Foundation
import ScourEngine
import ScourLab
import TestSupport
import Testing

/// The real `scour` against hosts whose answers are costly to the controller (issue 24: S1 a
/// 4 MiB config, S2 catastrophic regular expressions, S3 unclosed blocks, M1 a probe answered at
/// its cap), made with `scour lab tamper`: each host is planned as exactly as a healthy one, or
/// `unknown` when its config cannot be decided within the budget, at a CPU cost that does not
/// grow with the attack; each tamper's undo leaves the host as it was.
@Suite(.needs(.lab))
struct HostileConfigsOnLabTests {
    static let nimda = "Playbooks/nimda-nginx.scour"
    static let nginxSite = "/etc/nginx/sites-enabled/default"
    static let apacheSite = "/etc/apache2/sites-enabled/000-default.conf"

    private func connection(_ lab: LabFixture) -> [String] { ["-i", lab.inventory, "--known-hosts", lab.knownHosts] }

    /// `scour ARGUMENTS` (run by `wrapper` when given, e.g. time(1)) and the CPU time (user +
    /// system) it used, as bash's `times` reports for its child: CPU time, unlike wall time, is
    /// not stretched by a loaded machine.
    private func scourCPU(_ lab: LabFixture, _ arguments: [String], under wrapper: [String] = []) async throws -> (result: ScourCLI.Result, cpu: Double) {
        var result = try await runProcess(
            "/bin/bash", ["-c", #""$@"; status=$?; times >&2; exit $status"#, "bash"] + wrapper + [ScourCLI.executable.path] + arguments,
            environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"], currentDirectory: ScourCLI.packageRoot)
        let children = try #require(result.stderr.split(separator: "\n").last?.wholeMatch(of: /(\d+)m([\d.]+)s (\d+)m([\d.]+)s/),
                                    "bash's times: \(result.stderr.suffix(300))")
        let cpu = Double(children.1)! * 60 + Double(children.2)! + Double(children.3)! * 60 + Double(children.4)!
        result.stderr = result.stderr.split(separator: "\n").dropLast(2).joined(separator: "\n")
        return (result, cpu)
    }

    /// `scour plan --format json`; nimda-nginx's without `nginx -t`, which the lab does not have.
    private func plan(_ lab: LabFixture, _ playbook: String, _ arguments: [String] = []) async throws -> (result: ScourCLI.Result, cpu: Double) {
        let nginx = playbook == Self.nimda ? ["--param", "test_nginx=false"] : []
        return try await scourCPU(lab, ["plan", playbook, "--format", "json"] + nginx + arguments + connection(lab))
    }

    private func sha256(_ lab: LabFixture, _ host: LabState.Host, _ path: String) async throws -> String {
        let sum = try await lab.ssh(host, "sha256sum < \(path)")
        #expect(sum.status == 0, "\(sum.stderr)")
        return sum.stdout
    }

    /// The worm's mapping lines of a scenario's site: the indented lines after `# Added by the
    /// worm`, up to a blank one or the end of the enclosing block.
    private func wormLines(_ site: String) -> [String] {
        let lines = site.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.contains("# Added by the worm") }) else { return [] }
        return Array(lines[(start + 1)...].prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty && ($0.hasPrefix("\t") || $0.hasPrefix(" ")) })
    }

    /// The lines a step's diffs remove, in order.
    private func removedLines(_ step: StepPlan?) -> [String] {
        let lines: [String] = (step?.changes ?? []).flatMap { ($0.diff ?? "").split(separator: "\n").map(String.init) }
        return lines.filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }.map { String($0.dropFirst()) }
    }

    private func step(_ document: PlanDocument, _ host: LabState.Host, _ name: String) -> StepPlan? {
        document.hosts.first { $0.name == host.name }?.steps.first { $0.name == name }
    }

    // MARK: S1 and S3 on nginx

    @Test func a_huge_and_an_unclosed_nginx_site_are_planned_exactly_cheaply_and_applied() async throws {
        let lab = try await LabFixture(hosts: 3, scenario: "nimda-nginx", extraArguments: ["--infected-share", "100%"])
        let (huge, unclosed, healthy) = (lab.state.hosts[0], lab.state.hosts[1], lab.state.hosts[2])
        let originals = [try await sha256(lab, huge, Self.nginxSite), try await sha256(lab, unclosed, Self.nginxSite)]
        let worm = wormLines(try await lab.ssh(healthy, "cat \(Self.nginxSite)").stdout)
        #expect(worm.count == 11 && worm.first == "\tlocation /c {", "the scenario's three worm blocks: \(worm)")
        let clean = try await plan(lab, Self.nimda, ["--limit", healthy.name])
        #expect(clean.result.status == 0, "\(clean.result.stderr)")

        #expect(try await lab.tamper(huge, "huge-config").status == 0)
        #expect(try await lab.tamper(unclosed, "unclosed-config").status == 0)
        let size = try await lab.ssh(huge, "wc -c < \(Self.nginxSite)").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect((4_000_000..<(4 << 20)).contains(Int(size) ?? 0), "just under the 4 MiB a content probe fetches: \(size)")

        // Each alone, so each one's cost shows: linear in the file, where the old code crashed
        // (S1: a quadratic diff table) or took minutes (S3: a rescan per unclosed block). A debug
        // build parses 4 MiB a few times over in about 100 clean plans' CPU; quadratic work would
        // not finish at all.
        let hugePlan = try await plan(lab, Self.nimda, ["--limit", huge.name])
        let unclosedPlan = try await plan(lab, Self.nimda, ["--limit", unclosed.name])
        print("huge-config: plan CPU \(hugePlan.cpu) s, unclosed-config \(unclosedPlan.cpu) s, clean \(clean.cpu) s")
        #expect(hugePlan.result.status == 0 && unclosedPlan.result.status == 0, "\(hugePlan.result.stderr) \(unclosedPlan.result.stderr)")
        #expect(hugePlan.cpu < 250 * clean.cpu, "huge-config: \(hugePlan.cpu) s of CPU, a clean host's plan \(clean.cpu) s")
        #expect(unclosedPlan.cpu < 30 * clean.cpu, "unclosed-config: \(unclosedPlan.cpu) s of CPU, a clean host's plan \(clean.cpu) s")

        let all = try await plan(lab, Self.nimda)
        #expect(all.result.status == 0, "every host planned exactly: \(all.result.stderr)")
        let document = try PlanDocument.decode(Data(all.result.stdout.utf8))
        let added = "\tlocation /c { }"
        #expect(removedLines(step(document, huge, "worm_locations")) == worm + [added, added],
                "huge-config: the worm's lines and the tamper's two /c mappings, no comment: \(removedLines(step(document, huge, "worm_locations")))")
        for host in [unclosed, healthy] {
            #expect(removedLines(step(document, host, "worm_locations")) == worm, "\(host.name): \(removedLines(step(document, host, "worm_locations")))")
        }

        let apply = try await scourCPU(lab, ["apply", Self.nimda, "--param", "test_nginx=false", "--waves", "100%", "--format", "json"] + connection(lab))
        #expect(apply.result.status == 0, "\(apply.result.stderr.suffix(800))")
        let kept = try await lab.ssh(huge, "grep -c '^# huge-config comment [0-9]*$' \(Self.nginxSite); grep -c 'location /c\\|alias /var/' \(Self.nginxSite)")
        #expect(kept.stdout == "140000\n0\n", "every comment line kept, every /c and /d mapping gone: \(kept.stdout)")
        let blocks = try await lab.ssh(unclosed, "grep -c '^location /a {$' \(Self.nginxSite); grep -c 'location /c\\|alias /var/' \(Self.nginxSite)")
        #expect(blocks.stdout == "20000\n0\n", "every unclosed block kept, the worm's gone: \(blocks.stdout)")

        #expect(try await lab.tamper(huge, "huge-config", ["--undo"]).status == 0)
        #expect(try await lab.tamper(unclosed, "none").status == 0)
        #expect([try await sha256(lab, huge, Self.nginxSite), try await sha256(lab, unclosed, Self.nginxSite)] == originals,
                "the sites as they were before the tamper, byte for byte")
    }

    // MARK: S2

    /// What one of the host's regular expressions costs when matched without a budget, as the
    /// old code did for every one, against the longest path nimda-nginx.scour tries.
    private func unboundedCost(_ lab: LabFixture, _ host: LabState.Host) async throws -> Double {
        let line = try await lab.ssh(host, "grep -m1 -o 'location ~ ([^ ]*' \(Self.nginxSite)").stdout
        let pattern = String(try #require(line.split(separator: " ").last)).trimmingCharacters(in: .whitespacesAndNewlines)
        let regex = try NSRegularExpression(pattern: pattern)
        let subject = "/default.eml"
        var found = false
        let cost = threadCPUTime { found = regex.firstMatch(in: subject, range: NSRange(subject.startIndex..., in: subject)) != nil }
        #expect(!found, "\(pattern) never matches: the whole search space is tried")
        return Double(cost.components.seconds) + Double(cost.components.attoseconds) / 1e18
    }

    @Test func catastrophic_nginx_regexes_make_their_host_unknown_at_a_bounded_cost() async throws {
        let lab = try await LabFixture(hosts: 2, scenario: "nimda-nginx", extraArguments: ["--infected-share", "100%"])
        let (hostile, healthy) = (lab.state.hosts[0], lab.state.hosts[1])
        let original = try await sha256(lab, hostile, Self.nginxSite)
        let clean = try await plan(lab, Self.nimda)
        #expect(clean.result.status == 0, "\(clean.result.stderr)")
        #expect(try await lab.tamper(hostile, "regex-config").status == 0)
        let regexLines = try await lab.ssh(hostile, "grep -c 'location ~ (' \(Self.nginxSite)").stdout
        #expect(regexLines == "8\n", "\(regexLines)")

        let hostilePlan = try await plan(lab, Self.nimda)
        #expect(hostilePlan.result.status == 4, "unknown is exit 4: \(hostilePlan.result.status) \(hostilePlan.result.stderr)")
        let document = try PlanDocument.decode(Data(hostilePlan.result.stdout.utf8))
        let stripped = step(document, hostile, "worm_locations")
        #expect(stripped?.action == .unknown && stripped?.reason.contains("did not finish matching") == true, "\(String(describing: stripped))")
        #expect(document.hosts.first { $0.name == healthy.name }?.hasUnknown == false)
        let worm = wormLines(try await lab.ssh(healthy, "cat \(Self.nginxSite)").stdout)
        #expect(removedLines(step(document, healthy, "worm_locations")) == worm,
                "the healthy host planned as usual: \(removedLines(step(document, healthy, "worm_locations"))) \(worm)")

        // Eight expressions, each of which alone would take the old code this long.
        let one = try await unboundedCost(lab, hostile)
        let extra = hostilePlan.cpu - clean.cpu
        print("regex-config: plan CPU \(hostilePlan.cpu) s (clean \(clean.cpu) s); one expression unbounded \(one) s")
        #expect(extra < one, "8 expressions cost the plan \(extra) s of CPU more than a clean one; one alone, unbounded, \(one) s")

        #expect(try await lab.tamper(hostile, "regex-config", ["--undo"]).status == 0)
        #expect(try await sha256(lab, hostile, Self.nginxSite) == original, "the site as it was, byte for byte")
    }

    // MARK: S1 and S2 on Apache

    @Test func a_huge_apache_site_is_planned_exactly_and_aliasmatch_regexes_make_theirs_unknown() async throws {
        let lab = try await LabFixture(hosts: 3, scenario: "codered-ii", extraArguments: ["--infected-share", "100%"])
        let (huge, regex, healthy) = (lab.state.hosts[0], lab.state.hosts[1], lab.state.hosts[2])
        let originals = [try await sha256(lab, huge, Self.apacheSite), try await sha256(lab, regex, Self.apacheSite)]
        let worm = wormLines(try await lab.ssh(healthy, "cat \(Self.apacheSite)").stdout)
        #expect(worm.count == 3, "Alias /c, Alias /d, AddHandler: \(worm)")
        #expect(try await lab.tamper(huge, "huge-config").status == 0)
        #expect(try await lab.tamper(regex, "regex-config").status == 0)

        let all = try await plan(lab, "Playbooks/codered-ii-linux.scour")
        #expect(all.result.status == 4, "one host unknown: \(all.result.status) \(all.result.stderr)")
        let document = try PlanDocument.decode(Data(all.result.stdout.utf8))
        let added = "\tAlias /c \"/\""
        #expect(removedLines(step(document, huge, "worm_mappings")) == worm + [added, added], "\(removedLines(step(document, huge, "worm_mappings")))")
        #expect(removedLines(step(document, healthy, "worm_mappings")) == worm)
        let undecided = step(document, regex, "worm_mappings")
        #expect(undecided?.action == .unknown && undecided?.reason.contains("did not finish matching") == true, "\(String(describing: undecided))")

        #expect(try await lab.tamper(huge, "none").status == 0)
        #expect(try await lab.tamper(regex, "none").status == 0)
        #expect([try await sha256(lab, huge, Self.apacheSite), try await sha256(lab, regex, Self.apacheSite)] == originals,
                "the sites as they were, byte for byte")
    }

    // MARK: M1

    /// M1: a host answering page_scripts' probe at its cap (500 pages, 64 MiB) under a memory
    /// limit that lets one answer hold less (100 MiB: 20 MiB an answer) fails alone, with the
    /// limit named, before the controller holds it; the other host is planned as ever, and the
    /// controller's peak stays under the limit. (Planned whole at the default limit in
    /// `make bench`: a debug build takes minutes of CPU over 64 MiB.)
    @Test func a_host_answering_its_probe_at_the_cap_fails_alone_under_the_memory_limit() async throws {
        let lab = try await LabFixture(hosts: 2, scenario: "nimda-nginx", extraArguments: ["--infected-share", "100%"])
        let (hostile, healthy) = (lab.state.hosts[0], lab.state.hosts[1])
        let webRoot = "/srv/www/\(hostile.name)"
        let listing = "find \(webRoot) -printf '%p %s %m\\n' | sort | sha256sum"
        let before = try await lab.ssh(hostile, listing).stdout
        #expect(try await lab.tamper(hostile, "max-answer").status == 0)

        // page_scripts' deepest glob matches max_matches (500) pages, each as large as 64 MiB
        // per glob allows.
        let pages = try await lab.ssh(hostile, "for f in \(webRoot)/*/*/*/*.htm*; do stat -c %s \"$f\"; done | sort | uniq -c")
        let counts = pages.stdout.split(separator: " ", omittingEmptySubsequences: true).compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts.count == 2 && counts[0] == 500 && 500 * counts[1] <= 64 << 20 && 500 * (counts[1] + 1) > 64 << 20, "\(pages.stdout)")

        let peakFile = lab.directory + "/plan-peak"
        let limited = try await scourCPU(lab, ["plan", Self.nimda, "--format", "json", "--param", "test_nginx=false", "--memory-limit", "100MiB"]
            + connection(lab), under: ["/usr/bin/time", "-f", "%M", "-o", peakFile])
        #expect(limited.result.status == 1, "a failed host: \(limited.result.status) \(limited.result.stderr.suffix(500))")
        let document = try PlanDocument.decode(Data(limited.result.stdout.utf8))
        let failed = document.hosts.first { $0.name == hostile.name }
        #expect(failed?.status == .failed)
        #expect(failed?.error?.contains("answer too large: the controller's memory limit (100 MiB, --memory-limit) lets one answer hold 20 MiB") == true,
                "\(failed?.error ?? "no error")")
        #expect(step(document, healthy, "page_scripts")?.changes.count == 5, "the healthy host planned as ever")
        // time(1) writes "Command exited with non-zero status 1" first, then the figure.
        let peakKiB = try #require(String(contentsOfFile: peakFile, encoding: .utf8).split(separator: "\n").last.flatMap { Int($0) })
        #expect(peakKiB < (100 + 64) << 10, "peak RSS \(peakKiB >> 10) MiB: the limit and the process's own")

        #expect(try await lab.tamper(hostile, "max-answer", ["--undo"]).status == 0)
        #expect(try await lab.ssh(hostile, listing).stdout == before, "the web root as it was")
    }

    /// M1 on apply: under a memory limit that admits the host's answer (`appliedLimitMiB` lets
    /// one answer hold a fifth of it; the pages travel as a third more of base64), applying on
    /// it edits its pages while the controller's peak RSS stays under the limit: the re-check's
    /// answer shares the buffers already held, and the edit holds one file's copies at a time
    /// (before, apply held about 10.5 times the pages: 682 MiB for 62 MiB, release build; here
    /// that is ~180 MiB, over the limit, where a debug build now peaks at 128 MiB).
    static let appliedPages = 100
    static let appliedLimitMiB = 160

    @Test func applying_on_a_host_answering_at_the_cap_stays_under_the_memory_limit() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "nimda-nginx", extraArguments: ["--infected-share", "100%"])
        let host = lab.state.hosts[0]
        let webRoot = "/srv/www/\(host.name)"
        #expect(try await lab.tamper(host, "max-answer").status == 0)
        // The pages the tamper made (the rest of max_matches are the scenario's), each holding the
        // worm's line first and last.
        let pages = "\(webRoot)/scour-max-answer/pages/all"
        // A fifth of them (13 MiB, 17 MiB of base64): the whole 64 MiB took a debug build 13
        // minutes of CPU, the suite's longest test by far.
        #expect(try await lab.ssh(host, "rm -f \(pages)/page-{\(Self.appliedPages + 1)..1000}.htm").status == 0)
        let listing = "ls \(pages) | wc -l; stat -c %s \(pages)/page-1.htm"
        let before = try await lab.ssh(host, listing).stdout

        let limitMiB = Self.appliedLimitMiB
        let peakFile = lab.directory + "/apply-peak"
        let applied = try await scourCPU(
            lab, ["apply", Self.nimda, "--format", "json", "--param", "test_nginx=false", "--waves", "100%", "--memory-limit", "\(limitMiB)MiB"]
                + connection(lab), under: ["/usr/bin/time", "-f", "%M", "-o", peakFile])
        #expect(applied.result.status == 0, "\(applied.result.status) \(applied.result.stderr.suffix(500))")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(applied.result.stdout.utf8)) as? [String: Any])
        let result = try #require((document["hosts"] as? [[String: Any]])?.first)
        let steps = (result["steps"] as? [[String: Any]] ?? []).map { "\($0["name"] ?? "?")=\($0["status"] ?? "?")" }
        #expect(result["status"] as? String == "changed", "\(result["error"] ?? "") \(steps)")
        #expect(steps.contains("page_scripts=changed") && steps.contains("no_page_calls_readme=changed"), "\(steps)")

        // Every page lost the worm's lines and nothing else: as many pages, each two lines shorter.
        let line = #"<script language="JavaScript">window.open("readme.eml", null, "resizable=no,top=6000,left=6000")</script>"#
        let numbers = { (text: String) in text.split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
        let (old, new) = (numbers(before), numbers(try await lab.ssh(host, listing).stdout))
        #expect(old.count == 2 && old[0] == Self.appliedPages && new == [old[0], old[1] - 2 * (line.utf8.count + 1)], "before: \(before), after: \(new)")
        let left = try await lab.ssh(host, "grep -rlF 'readme.eml' \(webRoot) --include='*.htm*' | wc -l")
        #expect(left.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "pages still calling readme.eml: \(left.stdout)")

        let peakKiB = try #require(String(contentsOfFile: peakFile, encoding: .utf8).split(separator: "\n").last.flatMap { Int($0) })
        print("max-answer apply of \(Self.appliedPages) pages: peak RSS \(peakKiB >> 10) MiB under --memory-limit \(limitMiB)MiB")
        #expect(peakKiB < limitMiB << 10, "peak RSS \(peakKiB >> 10) MiB, over the \(limitMiB) MiB limit")
    }
}
