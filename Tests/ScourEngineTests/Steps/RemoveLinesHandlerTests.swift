import Foundation
import ScourCore
@testable import ScourEngine
import ScourHost
import ScourSyntax
import Testing
import TestSupport

/// `remove_lines` decisions from synthetic observations: what it probes, the plan's diff and
/// counts, nothing to do, and what blocks it.
@Suite struct RemoveLinesHandlerTests {
    static let keys = "/root/.ssh/authorized_keys"
    static let cron = "/etc/cron.d/kworker"
    static let text = """
        playbook "t" {
          platform = linux
          remove_lines "persistence" {
            paths   = ['\(keys)', '\(cron)', '\(keys)']
            pattern = 'x@kworker$|/opt/\\.kworker/'
          }
        }
        """

    let playbook: Playbook

    init() throws {
        let loaded = LoadedPlaybook.analyze(SourceFile(path: "/tmp/t.scour", text: Self.text), purpose: .execute)
        playbook = try #require(loaded.playbook, "\(loaded.diagnostics)")
    }

    private func decide(_ observation: HostObservation) -> StepPlan {
        var plan = HostPlan(name: "h1", address: "10.0.0.1", status: .planned)
        StepDecider(playbook: playbook, params: [:], hostVariables: ["name": "h1", "address": "10.0.0.1"], patchSizes: [:])
            .plan(observation, into: &plan)
        return plan.steps[0]
    }

    private func regular(_ text: String, mode: String = "600") -> FileObservation {
        FileObservation(kind: .regular, stat: FileStat(size: UInt64(text.utf8.count), mode: mode, uid: 0, gid: 0, mtime: 0, owner: "root", group: "root"),
                        sha256: SHA256.hex(of: Array(text.utf8)))
    }

    private func observing(_ files: [String: String]) -> HostObservation {
        var observation = HostObservation()
        for path in [Self.keys, Self.cron] {
            if let text = files[path] {
                observation.files[path] = regular(text)
                observation.contents[path] = ContentObservation(kind: .regular, bytes: Data(text.utf8))
            } else {
                observation.files[path] = FileObservation(kind: .absent)
                observation.contents[path] = ContentObservation(kind: .absent)
            }
        }
        return observation
    }

    static let infectedKeys = "ssh-ed25519 AAAAlab lab@controller\nssh-rsa AAAAbad x@kworker\n"
    static let infectedCron = "SHELL=/bin/sh\n* * * * * root /opt/.kworker/run\n"

    @Test func it_probes_each_path_once_for_its_kind_and_content() {
        let step = playbook.steps[0].action as! RemoveLines
        let context = StepContext(playbook: playbook, evaluation: EvaluationContext(detected: [], params: [:], host: [:], changed: false), patchSizes: [:])
        #expect(step.probeItems(context) == [.file(path: Self.keys), .content(path: Self.keys, limit: ProbeItem.defaultContentLimit),
                                             .file(path: Self.cron), .content(path: Self.cron, limit: ProbeItem.defaultContentLimit)])
    }

    @Test func the_plan_shows_each_file_s_diff_and_count() throws {
        let plan = decide(observing([Self.keys: Self.infectedKeys, Self.cron: Self.infectedCron]))
        #expect(plan.action == .change)
        #expect(plan.reason == "2 lines to remove from 2 files")
        #expect(plan.changes.map(\.summary) == ["edit \(Self.keys): remove line 2", "edit \(Self.cron): remove line 2"])
        let keys = try #require(plan.changes.first)
        #expect(keys.kind == .editConfig && keys.path == Self.keys && keys.mode == "600" && keys.owner == "root:root")
        #expect(keys.sha256 == SHA256.hex(of: Array("ssh-ed25519 AAAAlab lab@controller\n".utf8)))
        #expect(keys.diff == """
            --- \(Self.keys)
            +++ \(Self.keys) (scour)
            @@ -1,2 +1,1 @@
             ssh-ed25519 AAAAlab lab@controller
            -ssh-rsa AAAAbad x@kworker

            """)
    }

    @Test func the_edited_files_leave_nothing_to_do_which_is_the_verification() {
        let plan = decide(observing([Self.keys: "ssh-ed25519 AAAAlab lab@controller\n", Self.cron: "SHELL=/bin/sh\n"]))
        #expect(plan.action == .ok)
        #expect(plan.reason == "no line of the 2 files that exist matches")
        #expect(decide(observing([Self.cron: "SHELL=/bin/sh\n"])).reason == "no line of \(Self.cron) matches")
    }

    @Test func absent_files_leave_nothing_to_do() {
        let plan = decide(observing([:]))
        #expect(plan.action == .ok)
        #expect(plan.reason == "none of the 2 files exists")
        #expect(decide(observing([Self.cron: Self.infectedCron])).changes.map(\.path) == [Self.cron], "the absent one is left out")
    }

    @Test func a_symbolic_link_a_folder_a_large_file_and_a_binary_block_the_step() {
        var link = observing([Self.cron: Self.infectedCron])
        link.files[Self.keys] = FileObservation(kind: .symlink, stat: regular("x").stat)
        link.contents[Self.keys] = ContentObservation(kind: .regular, bytes: Data(Self.infectedKeys.utf8))
        #expect(decide(link).action == .blocked)
        #expect(decide(link).reason == "\(Self.keys) is a symbolic link: remove_lines edits a file only in place")

        var folder = observing([:])
        folder.contents[Self.cron] = ContentObservation(kind: .directory)
        #expect(decide(folder).reason == "\(Self.cron) is not a regular file")

        var large = observing([:])
        large.contents[Self.cron] = ContentObservation(kind: .regular, tooLarge: true)
        #expect(decide(large).action == .blocked)
        #expect(decide(large).reason == "\(Self.cron) is larger than 4MiB, too large to edit")

        var binary = observing([:])
        binary.contents[Self.cron] = ContentObservation(kind: .regular, bytes: Data([0x41, 0x00, 0x0A]))
        #expect(decide(binary).reason == "\(Self.cron) holds a NUL byte: it is not a text file")
    }

    @Test func a_pattern_invalid_or_matching_everything_once_resolved_blocks_the_step() {
        let step = RemoveLines(paths: [Self.cron], maxMatches: nil, match: .pattern("(x"), validate: nil)
        let context = StepContext(playbook: playbook, evaluation: EvaluationContext(detected: [], params: [:], host: [:], changed: false), patchSizes: [:])
        var plan = StepPlan(name: "s", kind: RemoveLines.keyword, action: .ok, reason: "")
        step.decide(observing([Self.cron: Self.infectedCron]), context, into: &plan)
        #expect(plan.action == .blocked)
        #expect(plan.reason.hasPrefix("invalid regular expression: "))

        let everything = RemoveLines(paths: [Self.cron], maxMatches: nil, match: .pattern("x*"), validate: nil)
        var emptying = StepPlan(name: "s", kind: RemoveLines.keyword, action: .ok, reason: "")
        everything.decide(observing([Self.cron: Self.infectedCron]), context, into: &emptying)
        #expect(emptying.action == .blocked)
        #expect(emptying.reason == "'x*' matches an empty line, so every line: refusing to empty the files")
    }

    @Test func the_diff_of_far_apart_lines_in_a_large_file_is_made_without_a_table() {
        let lines = (0..<200_000).map { "line \($0)" }
        let text = lines.joined(separator: "\n") + "\n"
        var diff = ""
        let cpuTime = threadCPUTime { diff = UnifiedDiff.removing([0, 199_999], from: text, path: "/big") }
        #expect(cpuTime < .seconds(5), "CPU time, which another build on the machine does not stretch: \(cpuTime)")
        #expect(diff.contains("@@ -1,4 +1,3 @@\n-line 0\n line 1\n"))
        #expect(diff.hasSuffix(" line 199998\n-line 199999\n"))
    }
}
