import Foundation
import ScourEngine
import ScourLab
import TestSupport
import Testing

/// `assert` through the real `scour plan` and `apply` on lab hosts: an assert judged in the
/// plan on the host as the earlier steps leave it and checked in apply on the host as it then
/// is; a command assert left to apply after a change, its output kept when it fails; an assert
/// that does not hold fails its host, stops the host's later steps and counts toward
/// `max_failures`.
@Suite(.needs(.lab))
struct AssertOnLabTests {
    static let worm = "/opt/worm.sh"
    static let second = "/opt/worm-copy.sh"

    static let cleanup = """
        playbook "cleanup" {
          platform = linux
          detect "worm" {
            file { path = '\(worm)' }
          }
          remove_files "worm_files" {
            when  = detected.worm
            paths = ['\(worm)']
          }
          assert "worm_gone" {
            file    { path = '\(worm)' }
            process { name = "kworkerds" }
          }
          assert "not_detected" {
            that = !detected.worm
          }
          assert "etc_kept" {
            command = "test -d /etc"
          }
        }
        """

    static let failingCommand = """
        playbook "failing_command" {
          platform = linux
          run "mark" {
            command = "touch /tmp/assert-mark"
          }
          assert "web_answers" {
            command = <<-'EOT'
              echo "out: not answering"
              printf 'err: \\033[31mred\\n' >&2
              exit 3
              EOT
          }
          run "after" {
            command = "touch /tmp/assert-after"
          }
        }
        """

    static let secondCopy = """
        playbook "second_copy" {
          platform = linux
          assert "etc_kept" {
            command = "test -d /etc"
          }
          remove_files "worm_files" {
            paths = ['\(worm)']
          }
          assert "no_copy_left" {
            file { path = '\(second)' }
          }
          run "after" {
            command = "touch /tmp/assert-after"
          }
        }
        """

    private func scour(_ lab: LabFixture, _ arguments: [String]) async throws -> ScourCLI.Result {
        try await ScourCLI.run(arguments, environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"])
    }

    private func write(_ lab: LabFixture, _ name: String, _ text: String) throws -> String {
        let path = "\(lab.directory)/\(name).scour"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func steps(_ plan: ScourCLI.Result, host: Int = 0) throws -> [StepPlan] {
        try PlanDocument.decode(Data(plan.stdout.utf8)).hosts[host].steps
    }

    /// Each host of `scour apply --format json`'s answer, by name.
    private func hosts(_ applied: ScourCLI.Result) throws -> [String: [String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(applied.stdout.utf8)) as? [String: Any])
        let hosts = try #require(object["hosts"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: hosts.map { ($0["name"] as? String ?? "", $0) })
    }

    private func statuses(_ host: [String: Any]?) -> [String?] {
        (host?["steps"] as? [[String: Any]] ?? []).map { $0["status"] as? String }
    }

    @Test func an_assert_holds_after_the_steps_before_it_and_a_command_assert_is_checked_at_apply() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "clean")
        let host = lab.state.hosts[0]
        #expect(try await lab.ssh(host, "echo worm > \(Self.worm)").status == 0)
        let playbook = try write(lab, "cleanup", Self.cleanup)
        let common = ["-i", lab.inventory, "--known-hosts", lab.knownHosts]

        let plan = try await scour(lab, ["plan", playbook] + common + ["--format", "json"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let planned = try steps(plan)
        #expect(planned.map(\.action) == [.change, .ok, .ok, .atApply], "\(planned.map(\.reason))")
        #expect(planned[1].reason == "holds: none of: the file \(Self.worm) exists; a process named kworkerds runs", "judged after the quarantine")
        #expect(planned[3].reason == #"`test -d /etc` runs when apply gets here, after step "worm_files" changes the host"#)
        let text = try await scour(lab, ["plan", playbook] + common)
        #expect(text.stdout.contains("worm_gone (assert)") && text.stdout.contains("at apply: `test -d /etc`"), "\(text.stdout)")

        let applied = try await scour(lab, ["apply", playbook] + common + ["--no-progress", "--format", "json"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        let outcome = try hosts(applied)[host.name]
        #expect(outcome?["status"] as? String == "changed")
        #expect(statuses(outcome) == ["changed", "ok", "ok", "ok"], "\(applied.stdout)")
        #expect(try await lab.ssh(host, "test -e \(Self.worm) || echo gone").stdout == "gone\n")

        // Nothing left to change: every assert, the command too, is judged in the plan.
        let again = try await scour(lab, ["plan", playbook] + common + ["--format", "json"])
        #expect(again.status == 0, "\(again.stderr)")
        let againSteps = try steps(again)
        #expect(againSteps.map(\.action) == [.skip, .ok, .ok, .ok], "\(againSteps.map(\.reason))")

        // A command assert that fails after a change: the plan leaves it to apply, apply fails the
        // host there with the command's output, and the later step is not run.
        let failing = try write(lab, "failing_command", Self.failingCommand)
        let failingPlan = try await scour(lab, ["plan", failing] + common + ["--format", "json"])
        #expect(failingPlan.status == 0, "\(failingPlan.stdout)\(failingPlan.stderr)")
        #expect(try steps(failingPlan).map(\.action) == [.change, .atApply, .change])
        let failed = try await scour(lab, ["apply", failing] + common + ["--no-progress", "--format", "json"])
        #expect(failed.status != 0, "a failed host fails the run")
        let failedHost = try hosts(failed)[host.name]
        #expect(failedHost?["status"] as? String == "failed")
        #expect(statuses(failedHost) == ["changed", "failed", "not_run"], "\(failed.stdout)")
        let assertStep = (failedHost?["steps"] as? [[String: Any]])?[1] ?? [:]
        #expect(assertStep["detail"] as? String == "does not hold: `echo \"out: not answering\"` (and 2 more lines) exit 3", "\(assertStep)")
        #expect(assertStep["stdout_tail"] as? String == "out: not answering\n", "\(assertStep)")
        #expect((assertStep["stderr_tail"] as? String)?.contains("red") == true, "\(assertStep)")
        #expect(try await lab.ssh(host, "test -e /tmp/assert-after || echo absent").stdout == "absent\n", "the later step did not run")
        let textApply = try await scour(lab, ["apply", failing] + common + ["--no-progress"])
        #expect(textApply.stdout.contains("web_answers: does not hold") && !textApply.stdout.contains("\u{1B}[31mred"),
                "the host's bytes escaped: \(textApply.stdout)")
    }

    @Test func an_assert_that_does_not_hold_fails_its_host_and_halts_the_rollout_past_max_failures() async throws {
        let lab = try await LabFixture(hosts: 2, scenario: "clean")
        for host in lab.state.hosts {
            #expect(try await lab.ssh(host, "echo worm > \(Self.worm); echo worm > \(Self.second)").status == 0)
        }
        let playbook = try write(lab, "second_copy", Self.secondCopy)
        let common = ["-i", lab.inventory, "--known-hosts", lab.knownHosts]

        let plan = try await scour(lab, ["plan", playbook] + common + ["--format", "json"])
        #expect(plan.status == 2, "a host would fail: \(plan.stdout)\(plan.stderr)")
        let planned = try steps(plan)
        #expect(planned.map(\.action) == [.ok, .change, .blocked, .change])
        #expect(planned[2].reason == "would fail: found: the file \(Self.second) exists")

        let applied = try await scour(lab, ["apply", playbook] + common + ["--no-progress", "--format", "json", "--waves", "1,100%", "--max-failures", "0"])
        #expect(applied.status == 3, "the first wave's failed host halts the rollout: \(applied.stdout)\(applied.stderr)")
        let outcomes = try hosts(applied)
        let failed = outcomes.values.filter { $0["status"] as? String == "failed" }
        #expect(failed.count == 1 && outcomes.values.filter { $0["status"] as? String == "not_run" }.count == 1, "\(applied.stdout)")
        #expect(statuses(failed.first) == ["ok", "changed", "failed", "not_run"])
        let detail = (failed.first?["steps"] as? [[String: Any]])?[2]["detail"] as? String
        #expect(detail == "does not hold: found: the file \(Self.second) exists")
        for host in lab.state.hosts {
            #expect(try await lab.ssh(host, "test -e /tmp/assert-after || echo absent").stdout == "absent\n", "no later step ran on \(host.name)")
        }

        // The copy removed by hand, `resume` goes on: the quarantine is not done again, every
        // assert is checked again (the one that held too), and the later step runs.
        let failedName = try #require(failed.first?["name"] as? String)
        let failedHost = try #require(lab.state.hosts.first { $0.name == failedName })
        #expect(try await lab.ssh(failedHost, "rm \(Self.second)").status == 0)
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs").sorted().last)
        let resumed = try await scour(lab, ["resume", run, "--no-progress", "--format", "json"])
        #expect(resumed.status == 0 || resumed.status == 1, "\(resumed.stdout)\(resumed.stderr)")
        #expect(statuses(try hosts(resumed)[failedName]) == ["ok", "changed", "ok", "changed"], "\(resumed.stdout)")
        let journal = try String(contentsOfFile: "\(lab.directory)/runs/\(run)/journal.jsonl", encoding: .utf8)
        let checks = journal.split(separator: "\n").filter {
            $0.contains(#""step_finished""#) && $0.contains(#""host":"\#(failedName)""#) && $0.contains(#""step":"etc_kept""#)
        }
        #expect(checks.count == 2, "the assert that held is checked again on resume:\n\(journal)")
        #expect(try await lab.ssh(failedHost, "test -e /tmp/assert-after && echo ran").stdout == "ran\n")
    }
}
