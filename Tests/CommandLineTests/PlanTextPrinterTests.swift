import ArgumentParser
import Foundation
import ScourCore
@testable import ScourEngine
import ScourHost
import ScourSyntax
import Testing
@testable import scour

/// The plan's text where something is unknown or blocked: each unknown item with its reason
/// (escaped), the privilege hint, the summary's counts, and never "nothing to change" for a
/// host that is not clean.
@Suite struct PlanTextPrinterTests {
    private static func document(_ hosts: [HostPlan]) -> PlanDocument {
        let text = "playbook \"p\" {\n  platform = linux\n  reboot \"r\" {}\n}\n"
        let playbook = LoadedPlaybook.analyze(SourceFile(path: "/p.scour", text: text), purpose: .check).playbook!
        let source = PlanDocument.Source(path: "/p.scour", sha256: "0")
        return PlanDocument(playbook: playbook, playbookSource: source, inventory: source, limit: nil, params: [:], rollout: Rollout(),
                            hosts: hosts, scourVersion: "t")
    }

    private static func host(_ name: String, detections: [Detection] = [], steps: [StepPlan]) -> HostPlan {
        var host = HostPlan(name: name, address: "10.0.0.1", status: .planned)
        host.wave = 1
        host.detections = detections
        host.steps = steps
        return host
    }

    private func render(_ hosts: [HostPlan]) -> String {
        PlanTextPrinter(style: TerminalStyle(enabled: false), verbose: false).render(Self.document(hosts), savedTo: nil)
    }

    @Test func unknown_items_are_named_with_their_reason_escaped_and_the_privilege_hint() {
        let denied = Unseen(.permissionDenied, path: "/root/.ssh\u{1B}[2K")
        let detection = Detection(name: "worm", match: .any, indicators: [
            IndicatorResult(indicator: "the file /root/.ssh/x exists", matched: false, unseen: [denied]),
            IndicatorResult(indicator: "the file /opt/y exists", matched: false),
        ])
        var keys = StepPlan(name: "keys", kind: "remove_lines", action: .ok, reason: "")
        keys.cannotTell("which lines the files hold", [denied])
        let text = render([Self.host("h1", detections: [detection], steps: [keys])])
        #expect(text.contains("h1  wave 1  worm: unknown (1 of 2 could not be looked at)\n"))
        #expect(text.contains("    ? the file /root/.ssh/x exists: permission denied: /root/.ssh\\e[2K\n"))
        #expect(text.contains("  keys (remove_lines)  unknown: cannot tell which lines the files hold: permission denied: /root/.ssh\\e[2K\n"))
        #expect(text.contains("  the login may not look there: log in as root or use --become / ansible_become\n"))
        #expect(!text.contains("nothing to change"))
        #expect(!text.contains("\u{1B}"), "host text is escaped")
        #expect(text.contains("1 host: 1 planned (0 would change, 0 already clean), 0 blocked, 1 unknown, 0 unreachable, 0 failed"))
    }

    @Test func a_timeout_is_unknown_without_the_privilege_hint() {
        var note = StepPlan(name: "note", kind: "run", action: .ok, reason: "")
        note.cannotTell("whether unless succeeds", [Unseen(.timedOut)])
        let text = render([Self.host("h1", steps: [note])])
        #expect(text.contains("  note (run)  unknown: cannot tell whether unless succeeds: timed out\n"))
        #expect(!text.contains("--become"))
    }

    @Test func a_blocked_host_is_never_nothing_to_change_and_is_counted() {
        let blocked = StepPlan(name: "shells", kind: "remove_files", action: .blocked, reason: "/var/www/x is a folder; remove_files removes files")
        let clean = StepPlan(name: "shells", kind: "remove_files", action: .ok, reason: "none of the 1 paths exists")
        let text = render([Self.host("h1", steps: [blocked]), Self.host("h2", steps: [clean])])
        #expect(text.contains("h1  wave 1\n  shells (remove_files)  blocked: /var/www/x is a folder; remove_files removes files\n"))
        #expect(text.contains("h2  wave 1  nothing to change\n"))
        #expect(text.contains("2 hosts: 2 planned (0 would change, 1 already clean), 1 blocked, 0 unknown, 0 unreachable, 0 failed"))
    }

    @Test func what_the_model_cannot_settle_is_noted_under_the_step() {
        var command = StepPlan(name: "purge", kind: "run", action: .change, reason: "unless fails")
        command.changes = [PlannedChange(kind: .runCommand, summary: "run purge-cache")]
        command.note = "a command's effect is unknown: later steps assume the host as observed before it"
        let text = render([Self.host("h1", steps: [command])])
        #expect(text.contains("  purge (run)  change: run purge-cache\n"))
        #expect(text.contains("                  note: a command's effect is unknown: later steps assume the host as observed before it\n"), "\(text)")
    }

    @Test func commands_and_diffs_keep_tabs_and_lines_indented_and_escape_the_rest() {
        var command = StepPlan(name: "purge", kind: "run", action: .change, reason: "unless fails")
        command.changes = [
            PlannedChange(kind: .runCommand, summary: "run `printf 'a\tb'\nh2  wave 1  nothing to change\u{202E}\r`"),
            PlannedChange(kind: .editConfig, summary: "edit /etc/x.conf", diff: "-\tAlias /scripts\u{1B}[2K\n+\t# removed"),
        ]
        let text = render([Self.host("h1", steps: [command])])
        let column = "\n" + String(repeating: " ", count: "purge (run)".count + 4 + 10)
        #expect(text.contains("  purge (run)  change: run `printf 'a\tb'\n"), "a tab is layout: \(text)")
        #expect(text.contains(column + "h2  wave 1  nothing to change\\u{202E}\\r`\n"),
                "a newline continues under the diff column, never at the start of a line: \(text)")
        #expect(text.contains(column + "-\tAlias /scripts\\e[2K" + column + "+\t# removed\n"), "\(text)")
        #expect(!text.contains("\nh2"), "no line of the host's passes for a host line")
        #expect(!text.contains("\u{1B}") && !text.contains("\u{202E}") && !text.contains("\r"), "the rest is escaped")
    }

    @Test func a_process_indicator_shows_each_process_escaped() {
        let process = ProcessObservation(pid: 4242, start: "1", uid: 33, user: "www-data", name: "kworkerds", executable: "/opt/.kworker/kworkerds",
                                         executableDeleted: false, executableSize: nil, executableSHA256: nil,
                                         commandLine: "kworkerds -o pool\u{1B}[2K", commandLineIsCut: true)
        let detection = Detection(name: "miner", match: .any, indicators: [
            IndicatorResult(indicator: "a process named kworkerds runs", matched: true, processes: [ProcessMatch(process)]),
        ])
        let text = render([Self.host("h1", detections: [detection], steps: [])])
        #expect(text.contains("    ✓ a process named kworkerds runs\n        pid 4242 (www-data, /opt/.kworker/kworkerds): kworkerds -o pool\\e[2K…\n"))
    }

    @Test func the_exit_status_follows_the_verdict() {
        #expect(ExitCode(PlanDocument.Summary.Verdict.hostsNotProbed) == .hostsFailed)
        #expect(ExitCode(PlanDocument.Summary.Verdict.unknown).rawValue == 4)
        #expect(ExitCode(PlanDocument.Summary.Verdict.blocked).rawValue == 2)
        #expect(ExitCode(PlanDocument.Summary.Verdict.planned) == .success)
    }
}
