import Foundation
import ScourCore
@testable import ScourEngine
import ScourHost
import ScourSyntax
import Testing

/// `assert` in a plan: judged on the host as the earlier steps leave it (the planner's
/// projections), never a change; unknown when the probe could not look, and left to apply
/// when the model cannot judge it (a command after a change, anything after a step whose
/// effect is not modelled).
@Suite struct AssertPlanTests {
    static let text = """
        playbook "t" {
          platform = linux
          detect "worm" {
            file { path = '/opt/worm' }
          }
          assert "etc_first" {
            command = "test -d /etc"
          }
          assert "worm_there" {
            expect = present
            file { path = '/opt/worm' }
          }
          remove_files "worm_files" {
            paths = ['/opt/worm']
          }
          kill_process "miner" {
            name = "kworkerds"
          }
          assert "worm_gone" {
            file    { path = '/opt/worm' }
            process { name = "kworkerds" }
          }
          assert "clean" {
            that = !detected.worm
          }
          assert "key_gone" {
            content { path = '/root/.ssh/authorized_keys'  pattern = 'x@kworker$' }
          }
          assert "web_answers" {
            command = "curl -fsS http://localhost/"
          }
          run "reload" {
            command = "systemctl reload nginx"
          }
          assert "after_reload" {
            file { path = '/opt/worm' }
          }
        }
        """

    static let killItem = ProbeItem.processes(name: "kworkerds", executable: nil, commandLine: nil, maxMatches: 1)
    static let assertItem = ProbeItem.processes(name: "kworkerds", executable: nil, commandLine: nil, maxMatches: PlanProbes.processIndicatorMatches)

    static func regular(_ text: String) -> FileObservation {
        FileObservation(kind: .regular, stat: FileStat(size: UInt64(text.utf8.count), mode: "644", uid: 0, gid: 0, mtime: 0, owner: "root", group: "root"),
                        sha256: SHA256.hex(of: Array(text.utf8)))
    }

    /// The worm's file, its miner running, its key in authorized_keys.
    static var infected: HostObservation {
        var observation = HostObservation()
        observation.files["/opt/worm"] = regular("worm")
        let miner = ProcessObservation(pid: 41, start: "1041", uid: 0, user: "root", name: "kworkerds", executable: "/opt/kworkerds",
                                       executableDeleted: false, executableSize: 8, executableSHA256: nil, commandLine: "kworkerds",
                                       commandLineIsCut: false)
        observation.processLists[killItem.observationKey] = ProcessListObservation(total: 1, processes: [miner])
        observation.processLists[assertItem.observationKey] = ProcessListObservation(total: 1, processes: [miner])
        observation.contents["/root/.ssh/authorized_keys"] = ContentObservation(kind: .regular, bytes: Data("ssh-ed25519 AAAA admin\nssh-ed25519 BBBB x@kworker\n".utf8))
        observation.commands["test -d /etc"] = 0
        return observation
    }

    static func plan(_ observation: HostObservation, _ text: String = text) throws -> HostPlan {
        let loaded = LoadedPlaybook.analyze(SourceFile(path: "/tmp/t.scour", text: text), purpose: .execute)
        let playbook = try #require(loaded.playbook, "\(loaded.diagnostics)")
        var plan = HostPlan(name: "h1", address: "10.0.0.1", status: .planned)
        StepDecider(playbook: playbook, params: [:], hostVariables: ["name": "h1", "address": "10.0.0.1"], patchSizes: [:])
            .plan(observation, into: &plan)
        return plan
    }

    static func step(_ plan: HostPlan, _ name: String) throws -> StepPlan { try #require(plan.steps.first { $0.name == name }) }

    @Test func an_assert_is_judged_on_the_host_as_the_earlier_steps_leave_it() throws {
        let plan = try Self.plan(Self.infected)
        #expect(plan.steps.map(\.action) == [.ok, .ok, .change, .change, .ok, .ok, .blocked, .atApply, .change, .atApply],
                "\(plan.steps.map { "\($0.name): \($0.action) \($0.reason)" })")
        #expect(try Self.step(plan, "etc_first").reason == "holds: `test -d /etc` exits 0", "nothing changed before it: the probe's answer")
        #expect(try Self.step(plan, "worm_there").reason == "holds: all of: the file /opt/worm exists", "before the removal")
        let gone = try Self.step(plan, "worm_gone")
        #expect(gone.reason == "holds: none of: the file /opt/worm exists; a process named kworkerds runs",
                "quarantined and killed by the earlier steps")
        #expect(gone.indicators?.map(\.matched) == [false, false] && gone.changes.isEmpty)
        #expect(try Self.step(plan, "clean").reason == #"holds: the host did not match detect "worm""#, "the detect block judged again")
        let key = try Self.step(plan, "key_gone")
        #expect(key.reason == "would fail: found: a line of /root/.ssh/authorized_keys matches /x@kworker$/ (/root/.ssh/authorized_keys:2: ssh-ed25519 BBBB x@kworker)")
        #expect(key.indicators?.first?.evidence?.first?.line == 2)
        #expect(try Self.step(plan, "web_answers").reason
                == #"`curl -fsS http://localhost/` runs when apply gets here, after step "worm_files", step "miner" change the host"#)
        #expect(try Self.step(plan, "after_reload").reason
                == #"checked when apply gets here: the plan cannot tell what step "reload" leaves on the host"#)
        #expect(plan.isBlocked && !plan.hasUnknown, "a failing assert blocks the host; one left to apply is not unknown")
    }

    @Test func an_assert_that_holds_on_a_clean_host_and_one_that_fails_before_any_change() throws {
        var clean = HostObservation()
        clean.files["/opt/worm"] = FileObservation(kind: .absent)
        clean.processLists[Self.killItem.observationKey] = ProcessListObservation(total: 0, processes: [])
        clean.processLists[Self.assertItem.observationKey] = ProcessListObservation(total: 0, processes: [])
        clean.contents["/root/.ssh/authorized_keys"] = ContentObservation(kind: .regular, bytes: Data("ssh-ed25519 AAAA admin\n".utf8))
        clean.commands["test -d /etc"] = 1
        clean.commands["curl -fsS http://localhost/"] = 0
        let plan = try Self.plan(clean)
        #expect(try Self.step(plan, "etc_first").action == .blocked)
        #expect(try Self.step(plan, "etc_first").reason == "would fail: `test -d /etc` exits 1")
        #expect(try Self.step(plan, "worm_there").reason == "would fail: not so: the file /opt/worm exists")
        #expect(try Self.step(plan, "key_gone").action == .ok)
        #expect(try Self.step(plan, "web_answers").reason == "holds: `curl -fsS http://localhost/` exits 0",
                "no earlier step changes this host: the probe's answer")
        #expect(try Self.step(plan, "after_reload").action == .atApply, "after the command")
    }

    @Test func what_the_probe_could_not_see_is_unknown_never_holds() throws {
        var hidden = Self.infected
        hidden.contents["/root/.ssh/authorized_keys"] = ContentObservation(kind: .unknown, unseen: Unseen(.permissionDenied, path: "/root/.ssh"))
        hidden.commands["test -d /etc"] = HostObservation.commandTimeoutExit
        let plan = try Self.plan(hidden)
        let key = try Self.step(plan, "key_gone")
        #expect(key.action == .unknown && key.reason == "cannot tell whether it holds: permission denied: /root/.ssh", "\(key.reason)")
        #expect(try Self.step(plan, "etc_first").action == .unknown, "a command stopped at its timeout")
        #expect(try Self.step(plan, "reload").action == .change, "an unknown assert changes nothing: later steps are decided as before")
    }

    @Test func an_unknown_assert_leaves_changed_known() throws {
        let text = """
            playbook "t" {
              platform = linux
              assert "key_gone" {
                content { path = '/root/.ssh/authorized_keys'  pattern = 'x@kworker$' }
              }
              run "after_change" {
                when    = changed
                command = "true"
              }
            }
            """
        var hidden = HostObservation()
        hidden.contents["/root/.ssh/authorized_keys"] = ContentObservation(kind: .unknown, unseen: Unseen(.permissionDenied, path: "/root/.ssh"))
        let plan = try Self.plan(hidden, text)
        #expect(plan.steps.map(\.action) == [.unknown, .skip], "\(plan.steps.map(\.reason))")
    }

    @Test func the_plan_json_says_at_apply_and_lists_the_indicators_judged() throws {
        let plan = try Self.plan(Self.infected)
        let deferred = String(decoding: try JSONEncoder().encode(try Self.step(plan, "web_answers")), as: UTF8.self)
        #expect(deferred.contains(#""action":"at_apply""#) && !deferred.contains("indicators"), "\(deferred)")
        let judged = String(decoding: try JSONEncoder().encode(try Self.step(plan, "key_gone")), as: UTF8.self)
        #expect(judged.contains(#""action":"blocked""#) && judged.contains(#""indicators":[{"#) && judged.contains(#""kind":"assert""#), "\(judged)")
        let decoded = try JSONDecoder().decode(StepPlan.self, from: Data(deferred.utf8))
        #expect(decoded == (try Self.step(plan, "web_answers")))
    }

    @Test func the_first_probe_asks_what_each_assert_reads() throws {
        let loaded = LoadedPlaybook.analyze(SourceFile(path: "/tmp/t.scour", text: Self.text), purpose: .execute)
        let playbook = try #require(loaded.playbook)
        let items = StepDecider(playbook: playbook, params: [:], hostVariables: [:], patchSizes: [:]).firstProbeItems
        for item in [ProbeItem.file(path: "/opt/worm"), Self.assertItem, .content(path: "/root/.ssh/authorized_keys", limit: ProbeItem.defaultContentLimit),
                     .command(run: "test -d /etc", timeoutSeconds: ProbeItem.defaultCommandTimeoutSeconds)] {
            #expect(items.contains(item), "\(item)")
        }
    }
}
