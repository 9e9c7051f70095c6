import Foundation
import ScourCore
@testable import ScourEngine
import ScourHost
import ScourSyntax
import Testing

/// Decisions on a host the probe could not see whole (hand-built observations carrying
/// `Unseen` parts): an indicator that could not be looked at is unknown, never "no match"; a
/// step whose check could not look is unknown, never "nothing to do"; a match found is a match.
@Suite struct UnseenDecisionTests {
    static let playbookText = """
        playbook "t" {
          platform = linux
          param "stop_web" {
            type    = bool
            default = false
          }
          detect "worm" {
            file    { path = '/var/www/cmd.php' }
            content { path = '/root/.ssh/authorized_keys'  pattern = 'evil$' }
            content { path = '/etc/cron.d/*'  pattern = 'pool'  max_matches = 50 }
            process { name = "kworkerds"  executable = '/opt/.kworker/*' }
            mapping { server = apache  config = '/etc/apache2/sites-enabled/000-default.conf'  alias = "/c" }
            command { run = "check-worm" }
          }
          detect "hashed" {
            match = all
            file { path = '/opt/explorer.exe'  sha256 = "\(String(repeating: "b", count: 64))" }
            file { path = '/var/www/cmd.php' }
          }
          remove_files "shells" {
            paths       = ['/var/www/cmd.php', '/var/www/uploads/*.php']
            max_matches = 4
          }
          remove_lines "keys" {
            paths       = ['/root/.ssh/authorized_keys', '/etc/cron.d/*']
            pattern     = 'evil'
            max_matches = 10
          }
          strip_mappings "aliases" {
            server  = apache
            config  = '/etc/apache2/sites-enabled/000-default.conf'
            aliases = ["/c"]
          }
          kill_process "miner" {
            name = "kworkerds"
          }
          apply_patch "fix" {
            file      = "/etc/hostname"
            sha256    = "\(SHA256.hex(ofFileAt: "/etc/hostname") ?? "")"
            installed = file('/var/lib/patches/fix')
          }
          run "note" {
            command = "logger noted"
            unless  = "test -e /var/lib/noted"
          }
          reboot "after_worm" {
            when = detected.worm
          }
          reboot "after_worm_if_asked" {
            when = param.stop_web && detected.worm
          }
        }
        """

    let playbook: Playbook

    init() throws {
        let loaded = LoadedPlaybook.analyze(SourceFile(path: "/tmp/t.scour", text: Self.playbookText), purpose: .execute)
        playbook = try #require(loaded.playbook, "\(loaded.diagnostics)")
    }

    private var decider: StepDecider {
        StepDecider(playbook: playbook, params: ["stop_web": .bool(false)], hostVariables: ["name": "h1", "address": "10.0.0.1"],
                    patchSizes: ["/etc/hostname": 12])
    }

    private func plan(_ observation: HostObservation) -> HostPlan {
        var plan = HostPlan(name: "h1", address: "10.0.0.1", status: .planned)
        decider.plan(observation, into: &plan)
        return plan
    }

    private func step(_ plan: HostPlan, _ name: String) -> StepPlan { plan.steps.first { $0.name == name }! }

    private static let denied = Unseen(.permissionDenied, path: "/root/.ssh")
    private static let stat = FileStat(size: 10, mode: "644", uid: 0, gid: 0, mtime: 0, owner: "root", group: "root")

    private static func file(_ kind: FileKind = .regular, sha256: String? = String(repeating: "a", count: 64), unseen: Unseen? = nil) -> FileObservation {
        switch kind {
        case .absent: FileObservation(kind: .absent)
        case .unknown: FileObservation(kind: .unknown, unseen: unseen ?? denied)
        case .regular: FileObservation(kind: .regular, stat: stat, sha256: unseen == nil ? sha256 : nil, unseen: unseen)
        default: FileObservation(kind: kind, stat: stat)
        }
    }

    private var items: [ProbeItem] { decider.firstProbeItems }

    /// Every question answered, nothing there: a clean host, all seen.
    private var clean: HostObservation {
        var observation = HostObservation()
        for item in items {
            switch item {
            case .file(let path): observation.files[path] = Self.file(.absent)
            case .content(let path, _): observation.contents[path] = ContentObservation(kind: .absent)
            case .glob(let pattern, _): observation.globs[pattern] = GlobObservation(total: 0, matches: [])
            case .contentGlob: observation.contentGlobs[item.observationKey] = ContentGlobObservation(total: 0, searched: 0, matches: [])
            case .globContents: observation.globContents[item.observationKey] = GlobContentsObservation(total: 0, matches: [])
            case .processes: observation.processLists[item.observationKey] = ProcessListObservation(total: 0, processes: [])
            case .command(let run, _): observation.commands[run] = 1
            default: break
            }
        }
        return observation
    }

    private func key(_ matching: (ProbeItem) -> Bool) -> String { items.first(where: matching)!.observationKey }
    private var cronGrep: String { key { if case .contentGlob = $0 { true } else { false } } }
    private var cronFiles: String { key { if case .globContents = $0 { true } else { false } } }
    private var wormProcesses: String { key { if case .processes(_, let executable?, _, _) = $0 { executable == "/opt/.kworker/*" } else { false } } }
    private var minerProcesses: String { key { if case .processes(_, nil, _, _) = $0 { true } else { false } } }

    private static let miner = ProcessObservation(
        pid: 4242, start: "99", uid: 1000, user: "www-data", name: "kworkerds", executable: "/opt/.kworker/kworkerds", executableDeleted: false,
        executableSize: 100, executableSHA256: String(repeating: "c", count: 64), commandLine: "kworkerds -o stratum+tcp://pool\u{1B}[2K",
        commandLineIsCut: false)

    // MARK: Detection

    @Test func a_host_seen_whole_has_nothing_unknown() {
        let planned = plan(clean)
        #expect(planned.detections.map(\.matched) == [false, false])
        #expect(planned.detections.allSatisfy { !$0.unknown })
        #expect(!planned.hasUnknown && !planned.isBlocked)
        #expect(planned.steps.filter { $0.action == .change }.map(\.name) == ["fix", "note"], "the patch and the command, as on any host")
    }

    @Test func each_indicator_that_could_not_look_is_unknown_never_no_match() throws {
        var observation = clean
        observation.files["/var/www/cmd.php"] = Self.file(.unknown, unseen: Unseen(.permissionDenied, path: "/var/www"))
        observation.contents["/root/.ssh/authorized_keys"] = ContentObservation(kind: .unknown, unseen: Self.denied)
        observation.contentGlobs[cronGrep] = ContentGlobObservation(total: 1, searched: 1, matches: [],
                                                                    unseen: [Unseen(.permissionDenied, path: "/etc/cron.d/root")])
        observation.processLists[wormProcesses] = ProcessListObservation(total: 0, processes: [], unseen: [Unseen(.hiddenProcesses)])
        observation.contents["/etc/apache2/sites-enabled/000-default.conf"] = ContentObservation(kind: .regular, tooLarge: true)
        observation.commands["check-worm"] = 124
        let worm = plan(observation).detections[0]
        #expect(worm.unknown && !worm.matched)
        #expect(worm.indicators.map(\.truth) == Array(repeating: .unknown, count: 6))
        #expect(worm.indicators.map { $0.unseen?.first?.reason } == [.permissionDenied, .permissionDenied, .permissionDenied, .hiddenProcesses,
                                                                     .tooLarge, .timedOut])
        #expect(worm.indicators[4].unseen == [Unseen(.tooLarge, path: "/etc/apache2/sites-enabled/000-default.conf")])
    }

    @Test func content_that_is_not_a_regular_file_is_unknown() {
        var observation = clean
        observation.contents["/root/.ssh/authorized_keys"] = ContentObservation(kind: .other)
        let indicator = plan(observation).detections[0].indicators[1]
        #expect(indicator.unseen == [Unseen(.notRegularFile, path: "/root/.ssh/authorized_keys")])
    }

    @Test func a_match_found_is_a_match_even_where_other_parts_were_unseen() throws {
        var observation = clean
        observation.contentGlobs[cronGrep] = ContentGlobObservation(
            total: 2, searched: 2, matches: [LineMatch(path: "/etc/cron.d/x", line: 1, text: "* * * * * curl pool", textIsCut: false)],
            unseen: [Unseen(.permissionDenied, path: "/etc/cron.d/root")])
        observation.processLists[wormProcesses] = ProcessListObservation(total: 1, processes: [Self.miner], unseen: [Unseen(.hiddenProcesses)])
        observation.commands["check-worm"] = 124
        let worm = plan(observation).detections[0]
        #expect(worm.matched && !worm.unknown, "any: one match decides")
        #expect(worm.indicators[2].matched && worm.indicators[2].unseen == nil)
        let process = worm.indicators[3]
        #expect(process.matched && process.unseen == nil)
        #expect(process.indicator == "a process with name kworkerds, executable /opt/.kworker/* runs")
        #expect(process.processes == [ProcessMatch(Self.miner)])
    }

    @Test func match_all_is_no_match_when_one_indicator_is_known_false_and_unknown_otherwise() {
        var observation = clean
        observation.files["/opt/explorer.exe"] = Self.file(.regular, unseen: Unseen(.permissionDenied, path: "/opt/explorer.exe"))
        #expect(plan(observation).detections[1].matched == false && plan(observation).detections[1].unknown == false,
                "cmd.php is absent: all cannot hold")
        observation.files["/var/www/cmd.php"] = Self.file()
        let hashed = plan(observation).detections[1]
        #expect(hashed.unknown && !hashed.matched, "the hash could not be read")
        #expect(hashed.indicators[0].unseen == [Unseen(.permissionDenied, path: "/opt/explorer.exe")])
        observation.files["/opt/explorer.exe"] = Self.file(sha256: String(repeating: "b", count: 64))
        #expect(plan(observation).detections[1].matched)
    }

    @Test func the_detection_combines_indicators_by_kleene() {
        func result(_ truth: Truth) -> IndicatorResult {
            IndicatorResult(indicator: "i", matched: truth == .true, unseen: truth == .unknown ? [Unseen(.ioError)] : nil)
        }
        let all: [Truth] = [.true, .false, .unknown]
        for a in all {
            for b in all {
                let any = Detection(name: "d", match: .any, indicators: [result(a), result(b)])
                let every = Detection(name: "d", match: .all, indicators: [result(a), result(b)])
                #expect((any.matched, any.unknown) == ((a || b) == .true, (a || b) == .unknown))
                #expect((every.matched, every.unknown) == ((a && b) == .true, (a && b) == .unknown))
            }
        }
    }

    @Test func a_content_line_ending_in_cr_matches_as_sshd_reads_it() {
        var observation = clean
        observation.contents["/root/.ssh/authorized_keys"] = ContentObservation(kind: .regular, bytes: Data("ssh-rsa AAAA ok\r\nssh-rsa AAAA evil\r\n".utf8))
        let indicator = plan(observation).detections[0].indicators[1]
        #expect(indicator.matched)
        #expect(indicator.evidence == [LineMatch(path: "/root/.ssh/authorized_keys", line: 2, text: "ssh-rsa AAAA evil", textIsCut: false)])
    }

    // MARK: when

    @Test func a_step_whose_when_reads_an_unknown_detect_is_unknown_naming_it() {
        var observation = clean
        observation.commands["check-worm"] = 124
        let planned = plan(observation)
        let reboot = step(planned, "after_worm")
        #expect(reboot.action == .unknown)
        #expect(reboot.reason == "when cannot be decided (the host matched detect \"worm\"): detect \"worm\" is unknown")
        #expect(step(planned, "after_worm_if_asked").action == .skip, "false && unknown is false")
        #expect(planned.hasUnknown && !planned.isClean)
    }

    // MARK: Steps

    @Test func after_an_unknown_step_changed_is_unknown_unless_another_step_changed() throws {
        let text = """
            playbook "c" {
              platform = linux
              remove_files "shells" {
                paths = ['/var/www/cmd.php']
              }
              run "note" {
                when    = changed
                command = "logger cleaned"
              }
              run "after_shells" {
                when    = step.shells.changed || param.always
                command = "logger shells"
              }
              remove_files "trojan" {
                paths = ['/opt/explorer.exe']
              }
              run "after_trojan" {
                when    = changed
                command = "logger trojan"
              }
              param "always" {
                type    = bool
                default = false
              }
            }
            """
        let loaded = LoadedPlaybook.analyze(SourceFile(path: "/tmp/c.scour", text: text), purpose: .execute)
        let playbook = try #require(loaded.playbook, "\(loaded.diagnostics)")
        let decider = StepDecider(playbook: playbook, params: ["always": .bool(false)], hostVariables: ["name": "h1", "address": "10.0.0.1"], patchSizes: [:])
        var observation = HostObservation()
        observation.files["/var/www/cmd.php"] = Self.file(.unknown)
        observation.files["/opt/explorer.exe"] = Self.file(.regular)
        var plan = HostPlan(name: "h1", address: "10.0.0.1", status: .planned)
        decider.plan(observation, into: &plan)
        #expect(plan.steps.map(\.action) == [.unknown, .unknown, .unknown, .change, .change], "\(plan.steps.map(\.reason))")
        #expect(plan.steps[1].reason.contains(#"whether step "shells" changes the host"#), "\(plan.steps[1].reason)")
        #expect(plan.steps[2].reason.contains(#"whether step "shells" changes the host"#), "\(plan.steps[2].reason)")
    }

    @Test func remove_files_is_unknown_where_a_path_or_a_globs_folder_was_unseen() {
        var observation = clean
        observation.files["/var/www/cmd.php"] = Self.file(.unknown, unseen: Unseen(.permissionDenied, path: "/var/www"))
        let exact = step(plan(observation), "shells")
        #expect(exact.action == .unknown)
        #expect(exact.unseen == [Unseen(.permissionDenied, path: "/var/www")])
        #expect(exact.reason == "cannot tell which of the paths exist as files: permission denied: /var/www")
        observation = clean
        observation.globs["/var/www/uploads/*.php"] = GlobObservation(
            total: 1, matches: [GlobMatch(path: "/var/www/uploads/a.php", file: Self.file())], unseen: [Unseen(.permissionDenied, path: "/var/www/uploads/x")])
        let glob = step(plan(observation), "shells")
        #expect(glob.action == .unknown && glob.changes.isEmpty)
        observation.globs["/var/www/uploads/*.php"]?.unseen = nil
        observation.globs["/var/www/uploads/*.php"]?.matches[0].file = Self.file(.regular, unseen: Unseen(.permissionDenied, path: "/var/www/uploads/a.php"))
        #expect(step(plan(observation), "shells").action == .unknown, "a file whose bytes cannot be read cannot be recorded")
    }

    @Test func a_folder_matched_by_a_glob_is_skipped_and_reported_and_the_rest_goes_on() {
        var observation = clean
        observation.globs["/var/www/uploads/*.php"] = GlobObservation(total: 3, matches: [
            GlobMatch(path: "/var/www/uploads/dir.php", file: Self.file(.directory)),
            GlobMatch(path: "/var/www/uploads/shell.php", file: Self.file()),
            GlobMatch(path: "/var/www/uploads/fifo.php", file: Self.file(.other)),
        ])
        let shells = step(plan(observation), "shells")
        #expect(shells.action == .change)
        #expect(shells.changes.map(\.path) == ["/var/www/uploads/shell.php"])
        #expect(shells.reason == "1 of the paths exists; skipped, not files: /var/www/uploads/dir.php (a folder), /var/www/uploads/fifo.php (not a regular file)")
        observation.globs["/var/www/uploads/*.php"]?.matches.remove(at: 1)
        observation.globs["/var/www/uploads/*.php"]?.total = 2
        let left = step(plan(observation), "shells")
        #expect(left.action == .ok, "after quarantining shell.php the verification finds nothing left")
        #expect(left.reason.hasPrefix("none of the 2 paths exists; skipped, not files: /var/www/uploads/dir.php (a folder)"))
        observation.files["/var/www/cmd.php"] = Self.file(.directory)
        #expect(step(plan(observation), "shells").action == .blocked, "an exact path that is a folder still blocks")
    }

    @Test func remove_lines_is_unknown_on_an_unreadable_file_or_folder() {
        var observation = clean
        observation.files["/root/.ssh/authorized_keys"] = Self.file(.regular, unseen: Self.denied)
        observation.contents["/root/.ssh/authorized_keys"] = ContentObservation(kind: .regular, unseen: Self.denied)
        let unreadable = step(plan(observation), "keys")
        #expect(unreadable.action == .unknown)
        #expect(unreadable.unseen == [Self.denied])
        observation = clean
        observation.globContents[cronFiles] = GlobContentsObservation(total: 0, matches: [], unseen: [Unseen(.permissionDenied, path: "/etc/cron.d")])
        #expect(step(plan(observation), "keys").action == .unknown)
        observation = clean
        observation.globContents[cronFiles] = GlobContentsObservation(total: 1, matches: [GlobContentsMatch(
            path: "/etc/cron.d/root", file: Self.file(.regular, unseen: Unseen(.permissionDenied, path: "/etc/cron.d/root")),
            content: ContentObservation(kind: .regular, unseen: Unseen(.permissionDenied, path: "/etc/cron.d/root")))])
        let glob = step(plan(observation), "keys")
        #expect(glob.action == .unknown)
        #expect(glob.reason == "cannot tell which lines the files hold: permission denied: /etc/cron.d/root")
    }

    @Test func strip_mappings_is_unknown_when_the_config_cannot_be_read() {
        var observation = clean
        observation.contents["/etc/apache2/sites-enabled/000-default.conf"] = ContentObservation(
            kind: .regular, unseen: Unseen(.permissionDenied, path: "/etc/apache2/sites-enabled/000-default.conf"))
        #expect(step(plan(observation), "aliases").action == .unknown)
    }

    /// A host-written expression too costly to match (docs/threat-model.md, S2): the step and
    /// the `mapping` indicator are unknown, the line named; never "nothing maps".
    @Test func a_costly_regular_expression_in_the_config_is_unknown_with_its_line() {
        let config = "/etc/apache2/sites-enabled/000-default.conf"
        var observation = clean
        let text = "<VirtualHost *:80>\n  AliasMatch (\(String(repeating: ".*", count: 38)))Z /var/www\n</VirtualHost>\n"
        observation.contents[config] = ContentObservation(kind: .regular, bytes: Data(text.utf8))
        let planned = plan(observation)
        let aliases = step(planned, "aliases")
        #expect(aliases.action == .unknown)
        #expect(aliases.reason.hasPrefix("cannot tell what \(config) maps: line 2 (AliasMatch (.*.*"), "\(aliases.reason)")
        #expect(aliases.reason.hasSuffix("): its regular expressions did not finish matching within 0.1 seconds of CPU time"))
        let mapping = planned.detections[0].indicators[4]
        #expect(!mapping.matched && mapping.unseen == [Unseen(.timedOut, path: config)])
        #expect(mapping.note?.hasPrefix("line 2 (AliasMatch") == true)
    }

    @Test func kill_process_is_unknown_when_processes_were_hidden() {
        var observation = clean
        observation.processLists[minerProcesses] = ProcessListObservation(total: 0, processes: [], unseen: [Unseen(.hiddenProcesses)])
        let miner = step(plan(observation), "miner")
        #expect(miner.action == .unknown)
        #expect(miner.reason == "cannot tell which processes match (name kworkerds): other users' processes are hidden (hidepid)")
    }

    @Test func apply_patch_and_run_are_unknown_when_their_check_could_not_look() {
        var observation = clean
        observation.files["/var/lib/patches/fix"] = Self.file(.unknown, unseen: Unseen(.permissionDenied, path: "/var/lib/patches"))
        observation.commands["test -e /var/lib/noted"] = 124
        let planned = plan(observation)
        #expect(step(planned, "fix").action == .unknown)
        #expect(step(planned, "fix").unseen == [Unseen(.permissionDenied, path: "/var/lib/patches")])
        #expect(step(planned, "note").action == .unknown)
        #expect(step(planned, "note").unseen == [Unseen(.timedOut)])
    }

    // MARK: The host and the fleet

    @Test func the_unseen_items_name_what_and_why_and_whether_privilege_helps() {
        var observation = clean
        observation.contents["/root/.ssh/authorized_keys"] = ContentObservation(kind: .unknown, unseen: Self.denied)
        observation.files["/root/.ssh/authorized_keys"] = Self.file(.unknown)
        observation.commands["test -e /var/lib/noted"] = 124
        let planned = plan(observation)
        #expect(planned.unseenItems.map(\.what) == ["detect worm: a line of /root/.ssh/authorized_keys matches /evil$/", "step keys (remove_lines)",
                                                   "step note (run)"])
        #expect(planned.unseenItems.map(\.needsPrivilege) == [true, true, false])
    }

    @Test func the_summary_counts_blocked_and_unknown_hosts_and_picks_the_verdict() {
        func host(_ status: HostPlan.Status, _ actions: [StepPlan.Action], unknownDetect: Bool = false) -> HostPlan {
            var plan = HostPlan(name: "h", address: "a", status: status)
            plan.steps = actions.map { StepPlan(name: "s", kind: "run", action: $0, reason: "") }
            if unknownDetect { plan.detections = [Detection(name: "d", matched: false, indicators: [], unknown: true)] }
            return plan
        }
        let clean = host(.planned, [.ok, .skip]), changing = host(.planned, [.change])
        let blocked = host(.planned, [.change, .blocked]), unknown = host(.planned, [.unknown]), unknownDetect = host(.planned, [.skip], unknownDetect: true)
        #expect(PlanDocument.Summary(hosts: [clean, changing]).verdict == .planned)
        let withBlocked = PlanDocument.Summary(hosts: [clean, blocked])
        #expect(withBlocked.verdict == .blocked && withBlocked.blocked == 1 && withBlocked.unknown == 0)
        let withUnknown = PlanDocument.Summary(hosts: [blocked, unknown, unknownDetect])
        #expect(withUnknown.verdict == .unknown && withUnknown.blocked == 1 && withUnknown.unknown == 2)
        #expect(PlanDocument.Summary(hosts: [unknown, host(.unreachable, [])]).verdict == .hostsNotProbed)
        #expect(PlanDocument.Summary(hosts: [blocked, host(.failed, [])]).verdict == .hostsNotProbed)
        #expect(!unknownDetect.isClean && !blocked.isClean && clean.isClean)
    }

    @Test func the_json_carries_unknown_and_unseen_only_when_set_and_old_plans_still_read() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let seen = Detection(name: "d", matched: false, indicators: [IndicatorResult(indicator: "i", matched: false)])
        #expect(String(decoding: try encoder.encode(seen), as: UTF8.self) == #"{"indicators":[{"indicator":"i","matched":false}],"matched":false,"name":"d"}"#)
        let unknown = Detection(name: "d", matched: false, indicators: [IndicatorResult(indicator: "i", matched: false, unseen: [Self.denied])], unknown: true)
        let json = String(decoding: try encoder.encode(unknown), as: UTF8.self)
        #expect(json.contains(#""unknown":true"#) && json.contains(#""unseen":[{"path":"\/root\/.ssh","reason":"permission_denied"}]"#))
        #expect(try JSONDecoder().decode(Detection.self, from: Data(json.utf8)) == unknown)
        let withProcess = IndicatorResult(indicator: "p", matched: true, processes: [ProcessMatch(Self.miner)])
        let processJSON = try encoder.encode(withProcess)
        #expect(String(decoding: processJSON, as: UTF8.self).contains(#""command_line":"kworkerds -o stratum+tcp:\/\/pool\u001b[2K""#))
        #expect(try JSONDecoder().decode(IndicatorResult.self, from: processJSON) == withProcess)
        let old = #"{"hosts":1,"planned":1,"unreachable":0,"failed":0,"changing":0,"changes":{}}"#
        let summary = try JSONDecoder().decode(PlanDocument.Summary.self, from: Data(old.utf8))
        #expect(summary.blocked == 0 && summary.unknown == 0)
        var step = StepPlan(name: "s", kind: "run", action: .ok, reason: "")
        #expect(!String(decoding: try encoder.encode(step), as: UTF8.self).contains("unseen"))
        step.cannotTell("x", [Unseen(.timedOut)])
        #expect(String(decoding: try encoder.encode(step), as: UTF8.self).contains(#""action":"unknown""#))
    }
}
