import Foundation
import Glibc
import ScourEngine
import ScourHost
import ScourLab
import ScourSSH
import Synchronization
import TestSupport
import Testing

/// The real `scour` against lab hosts made hostile with `scour lab tamper` (issue 15, rows 1, 6
/// and 7; docs/threat-model.md): a host that floods, a host whose every answer carries escape
/// sequences and forged lines, and a host whose probe reports a glob match outside the pattern.
/// Each test asserts the safe outcome, checked independently of Scour where it matters.
@Suite(.needs(.lab))
struct HostileHostsOnLabTests {
    /// The most the controller may hold while one host floods it (`VmHWM` of `scour` plan or exec
    /// on a 4-host lab; a clean plan there peaks well under half of it).
    static let memoryCeiling = 150 << 20

    private func connection(_ lab: LabFixture) -> [String] { ["-i", lab.inventory, "--known-hosts", lab.knownHosts] }

    private func scour(_ lab: LabFixture, _ arguments: [String], onStart: (@Sendable (Int32) -> Void)? = nil) async throws -> ScourCLI.Result {
        try await ScourCLI.run(arguments, environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"], onStart: onStart)
    }

    private func writePlaybook(_ lab: LabFixture, _ name: String, steps: String) throws -> String {
        let path = "\(lab.directory)/\(name).scour"
        try """
            playbook "\(name)" {
              platform = linux
              rollout {
                waves        = [100%]
                max_failures = 100%
              }
            \(steps)
            }
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let uploadsStep = """
          remove_files "uploads" {
            paths       = ['/var/www/uploads/*.php']
            max_matches = 10
          }
        """

    // MARK: Row 6: escape sequences, forged lines and bidi overrides

    /// What a host plants for `scour` to print: an erased line, a forged line of Scour's own, a
    /// right-to-left override, a code fence, markdown and HTML.
    static func hostileText(_ host: String) -> String {
        "\u{1B}[1A\u{1B}[2K\(host) wave 1 nothing to change\n\u{202E}txt.exe\n\(host) wave 1 nothing to change\n```\n# Injected heading\n"
            + "[click](http://evil.example) ![pixel](http://evil.example/p.png) <script>alert(1)</script>\n`````\nEND-OF-MOTD\n"
    }

    @Test func escapes_forged_lines_and_bidi_overrides_never_reach_the_terminal_or_the_report() async throws {
        let lab = try await LabFixture(hosts: 4, scenario: "clean")
        let (h01, h02, h03, h04) = (lab.state.hosts[0], lab.state.hosts[1], lab.state.hosts[2], lab.state.hosts[3])
        #expect(try await lab.tamper(h01, "escape").status == 0)
        // h02: an upload whose name reads backwards; h03: one whose name holds ESC and a newline
        // (it matches the glob: quarantined like any other, shown escaped). Every honest host
        // has a motd the `run` step prints on stderr before failing.
        let bidi = "/var/www/uploads/invoice\u{202E}gpj.php"
        let forged = "/var/www/uploads/x\u{1B}[2K\nh03 wave 1 nothing to change.php"
        for (host, name) in [(h02, bidi), (h03, forged), (h04, nil)] {
            let planted = try await lab.ssh(host, "mkdir -p /var/www/uploads" + (name.map { " && echo '<?php' > \(ShellQuote.posix($0))" } ?? "")
                + " && cat > /var/www/scour-motd", stdin: Data(Self.hostileText(host.name).utf8))
            #expect(planted.status == 0, "\(planted.stderr)")
        }
        let playbook = try writePlaybook(lab, "hostile-names", steps: Self.uploadsStep + """

              run "motd" {
                command = "cat /var/www/scour-motd >&2; exit 1"
              }
            """)

        let plan = try await scour(lab, ["plan", playbook, "--verbose"] + connection(lab))
        expectClean(plan, "plan")
        #expect(plan.stdout.contains(#"invoice\u{202E}gpj.php"#), "the bidi name shown escaped: \(plan.stdout)")
        #expect(plan.stdout.contains(#"x\e[2K\nh03 wave 1 nothing to change.php"#), "the control characters shown escaped: \(plan.stdout)")

        let apply = try await scour(lab, ["apply", playbook, "--no-progress"] + connection(lab))
        expectClean(apply, "apply")
        #expect(apply.status == 1, "every host failed somewhere: \(apply.stderr)")
        #expect(apply.stdout.contains(#"\e[1A\e[2Kh04 wave 1 nothing to change"#), "h04's stderr tail shown escaped: \(apply.stdout)")
        #expect(try await lab.ssh(h02, "ls /var/www/uploads | wc -l").stdout == "0\n", "h02's bidi-named upload was quarantined")
        #expect(try await lab.ssh(h03, "ls /var/www/uploads | wc -l").stdout == "0\n", "h03's upload with ESC and a newline was quarantined")
        let runID = try #require(apply.stdout.firstMatch(of: /run (\S+):/)?.1).description

        for arguments in [["status", runID], ["report", runID, "--format", "junit"]] {
            expectClean(try await scour(lab, arguments), arguments.joined(separator: " "))
        }
        let report = try await scour(lab, ["report", runID])
        expectClean(report, "report", lines: false)
        let rendered = RenderedMarkdown(report.stdout)
        #expect(!rendered.unclosedFence, "\(report.stdout)")
        for marker in ["Injected", "<script", "[click]", "![pixel]", "evil.example", "nothing to change"] {
            #expect(!rendered.prose.contains(marker), "\(marker) outside every code span and fence: \(rendered.prose)")
        }
        // Each honest host's tail is one fenced block, whole: from the forged line to the end.
        let tails = rendered.blocks.filter { $0.contains { $0.contains("END-OF-MOTD") } }
        #expect(tails.count == 3 && tails.allSatisfy { $0.contains { $0.contains(#"\e[1A\e[2K"#) } && $0.contains { $0.contains("Injected heading") } },
                "h02's, h03's and h04's tails: \(rendered.blocks)")

        let exec = try await lab.exec("cat /var/www/scour-motd 2>/dev/null; ls /var/www/uploads")
        expectClean(exec, "exec")
        #expect(exec.stdout.contains(#"\e[1A\e[2Kh01 wave 1 nothing to change"#), "h01's forged prefix shown escaped: \(exec.stdout)")

        // Log lines too: the trace of each exec names its command, here one holding an ESC.
        let logged = try await lab.exec("echo '\u{1B}[2Kshown'", ["--log-level", "trace"])
        expectClean(logged, "exec --log-level trace")
        #expect(logged.stderr.contains(#"echo '\e[2Kshown'"#), "\(logged.stderr)")
    }

    /// No raw ESC, bidi override or other control character, and no forged `hNN wave 1 nothing
    /// to change` line of its own as a terminal would show it (escape sequences acted on, a
    /// carriage return starting a line): nothing before it but a timestamp and blanks — a
    /// host's output line shown under Scour's `│` or `!` marker is not one of Scour's. (In
    /// markdown, `lines: false`, the host's lines sit in fences, checked by rendering.)
    private func expectClean(_ result: ScourCLI.Result, _ what: String, lines: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) {
        for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
            let raw = text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || $0.value == 0x7F || $0 == "\u{202E}" }
            #expect(raw.isEmpty, "\(what) \(stream): raw \(raw.map { String($0.value, radix: 16) }) in \(text.debugDescription)",
                    sourceLocation: sourceLocation)
            let shown = text.replacing(/\x1B\[[0-9;]*[A-Za-z]/, with: "").replacing("\u{202E}", with: "")
            let forged = !lines ? [] : shown.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
                .filter { $0.contains(/^(\d\d:\d\d:\d\d)?\s*h\d\d wave 1 nothing to change/) }
            #expect(forged.isEmpty, "\(what) \(stream): forged lines \(forged)", sourceLocation: sourceLocation)
        }
    }

    private func planLine(_ text: String, _ host: LabState.Host) -> String {
        text.split(separator: "\n").first { $0.hasPrefix(host.name + " ") }.map(String.init) ?? ""
    }

    // MARK: Row 7: a glob match outside the pattern

    @Test func a_forged_glob_match_fails_its_host_as_a_lying_probe_and_is_never_removed() async throws {
        let lab = try await LabFixture(hosts: 3, scenario: "clean")
        let liar = lab.state.hosts[0]
        #expect(try await lab.tamper(liar, "forge-glob").status == 0)
        for host in lab.state.hosts {
            #expect(try await lab.ssh(host, "mkdir -p /var/www/uploads && echo '<?php' > /var/www/uploads/shell.php").status == 0)
        }
        let before = try await lab.ssh(liar, "sha256sum /opt/legit-app.bin").stdout
        #expect(before.hasSuffix("  /opt/legit-app.bin\n"), "the forged match exists: \(before)")
        let playbook = try writePlaybook(lab, "uploads", steps: Self.uploadsStep)

        let plan = try await scour(lab, ["plan", playbook, "--format", "json"] + connection(lab))
        #expect(plan.status == 1, "\(plan.stderr)")
        let document = try PlanDocument.decode(Data(plan.stdout.utf8))
        for host in document.hosts {
            if host.name == liar.name {
                #expect(host.status == .failed && host.error?.contains("lying probe") == true, "\(host.error ?? "")")
                #expect(host.steps.isEmpty, "nothing planned on the liar")
            } else {
                #expect(host.status == .planned, "\(host.name): \(host.error ?? "")")
                #expect(host.steps.first?.changes.map(\.summary).joined().contains("/var/www/uploads/shell.php") == true, "\(host.steps)")
            }
        }

        let apply = try await scour(lab, ["apply", playbook, "--format", "json"] + connection(lab))
        #expect(apply.status == 1, "\(apply.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(apply.stdout.utf8)) as? [String: Any]
        let outcomes = try JSONDecoder().decode([HostOutcome].self, from: JSONSerialization.data(withJSONObject: object?["hosts"] ?? []))
        for outcome in outcomes {
            #expect(outcome.status == (outcome.name == liar.name ? .failed : .changed), "\(outcome.name): \(outcome.error ?? "")")
        }
        #expect(try await lab.ssh(liar, "sha256sum /opt/legit-app.bin").stdout == before, "/opt/legit-app.bin untouched")
        #expect(try await lab.ssh(liar, "test -f /var/www/uploads/shell.php").status == 0, "nothing acted on the liar")
        for host in lab.state.hosts.dropFirst() {
            #expect(try await lab.ssh(host, "test -e /var/www/uploads/shell.php").status == 1, "\(host.name): its real match was removed")
        }
    }

    // MARK: Row 1: a host that floods

    @Test func a_flooding_host_fails_alone_and_the_controller_stays_under_its_memory_ceiling() async throws {
        let lab = try await LabFixture(hosts: 4, scenario: "clean")
        let flooder = lab.state.hosts[0]
        let baseline = try await measured { try await scour(lab, ["plan", "Playbooks/codered-ii-linux.scour", "--format", "json"] + connection(lab), onStart: $0) }
        #expect(baseline.result.status == 0, "\(baseline.result.stderr)")
        #expect(try await lab.tamper(flooder, "flood").status == 0)

        let plan = try await measured { try await scour(lab, ["plan", "Playbooks/codered-ii-linux.scour", "--format", "json"] + connection(lab), onStart: $0) }
        print("flood: plan peak \(plan.peak >> 20) MiB (clean plan \(baseline.peak >> 20) MiB)")
        #expect(!plan.killed && plan.peak < Self.memoryCeiling, "plan peak \(plan.peak >> 20) MiB (killed past 2× the ceiling: \(plan.killed))")
        #expect(plan.result.status == 1, "scour exits on its own, a host failed: \(plan.result.status) \(plan.result.stderr.suffix(500))")
        if plan.result.status == 1 {
            let document = try PlanDocument.decode(Data(plan.result.stdout.utf8))
            for host in document.hosts {
                if host.name == flooder.name {
                    #expect(host.status == .failed && host.error?.contains("answer larger than") == true, "\(host.error ?? "")")
                } else {
                    #expect(host.status == .planned, "\(host.name): \(host.error ?? "")")
                }
            }
        }

        let exec = try await measured { try await ScourCLI.run(["exec"] + connection(lab) + ["--", "true"], onStart: $0) }
        print("flood: exec peak \(exec.peak >> 20) MiB")
        #expect(!exec.killed && exec.peak < Self.memoryCeiling, "exec peak \(exec.peak >> 20) MiB (killed: \(exec.killed))")
        #expect(exec.result.status == 1, "\(exec.result.stderr.suffix(500))")
        let flooderLine = exec.result.stdout.split(separator: "\n").first { $0.hasPrefix(flooder.name + " ") } ?? ""
        #expect(flooderLine.contains("failed") && flooderLine.contains("answer larger than"), "\(flooderLine)")
        #expect(exec.result.stdout.contains("3 ok"), "the other hosts answered: \(exec.result.stdout.suffix(300))")
    }

    /// Runs `body` (a `scour` run given the pid callback) while sampling the process's peak
    /// resident memory (`VmHWM`) every 20 ms; past twice the ceiling it is killed, so a test of
    /// an unbounded controller fails fast instead of eating the machine.
    private func measured(_ body: (@escaping @Sendable (Int32) -> Void) async throws -> ScourCLI.Result) async throws -> (result: ScourCLI.Result, peak: Int, killed: Bool) {
        final class Sample: Sendable { let value = Mutex((peak: 0, killed: false)) }
        let sample = Sample()
        let result = try await body { pid in
            Thread.detachNewThread {
                while let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                      let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") {
                    let peak = kilobytes << 10
                    let kill = sample.value.withLock { value in
                        value.peak = max(value.peak, peak)
                        if peak > 2 * Self.memoryCeiling && !value.killed { value.killed = true; return true }
                        return false
                    }
                    if kill { Glibc.kill(pid, SIGKILL) }
                    Thread.sleep(forTimeInterval: 0.02)
                }
            }
        }
        return sample.value.withLock { (result, $0.peak, $0.killed) }
    }
}

/// Markdown as a CommonMark reader sees it, enough to check a report: fenced blocks (opened by
/// three or more backticks, closed by a line of at least as many), and the prose outside them
/// with code spans taken out — what would be rendered as markdown.
struct RenderedMarkdown {
    var blocks: [[String]] = []
    var prose = ""
    var unclosedFence = false

    init(_ text: String) {
        var open: (fence: Int, lines: [String])?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.drop { $0 == " " }
            let ticks = trimmed.prefix { $0 == "`" }.count
            if var block = open {
                if ticks >= block.fence && trimmed.allSatisfy({ $0 == "`" || $0 == " " }) {
                    blocks.append(block.lines + [line])
                    open = nil
                } else {
                    block.lines.append(line)
                    open = block
                }
            } else if ticks >= 3 && !trimmed.dropFirst(ticks).contains("`") {
                open = (ticks, [line])
            } else {
                prose += Self.withoutCodeSpans(line) + "\n"
            }
        }
        unclosedFence = open != nil
    }

    /// A line with its code spans (a run of N backticks up to the next run of exactly N) removed.
    static func withoutCodeSpans(_ line: String) -> String {
        let characters = Array(line)
        var out = "", index = 0
        func run(at start: Int) -> Int { characters[start...].prefix { $0 == "`" }.count }
        while index < characters.count {
            guard characters[index] == "`" else { out.append(characters[index]); index += 1; continue }
            let length = run(at: index)
            var search = index + length, closing: Int?
            while search < characters.count {
                if characters[search] == "`" {
                    let other = run(at: search)
                    if other == length { closing = search; break }
                    search += other
                } else { search += 1 }
            }
            if let closing { index = closing + length } else { out += String(repeating: "`", count: length); index += length }
        }
        return out
    }
}
