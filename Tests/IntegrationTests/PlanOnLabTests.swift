import Foundation
import ScourEngine
import Testing
import TestSupport

/// `scour plan` against a lab: the plan must match what the lab seeded, host by host, report a
/// stopped host as unreachable after its retries, and change nothing anywhere.
@Suite(.needs(.lab))
struct PlanOnLabTests {
    @Test func the_plan_matches_the_seeded_state_and_changes_nothing() async throws {
        let lab = try await LabFixture(hosts: 6)
        #expect(try await lab.lab(["power", "stop", "h05"]).status == 0)
        let before = try lab.state.hosts.map { try lab.treeDigest(of: $0) }

        let planFile = lab.directory + "/plan.json"
        let result = try await ScourCLI.run([
            "plan", "Playbooks/codered-ii-linux.scour", "-i", lab.inventory, "--known-hosts", lab.knownHosts,
            "--retries", "1", "--backoff", "100ms", "--connect-timeout", "1s", "-o", planFile, "--format", "json",
        ])
        #expect(result.status == 1, "a host could not be probed: \(result.stderr)")
        let document = try PlanDocument.decode(Data(result.stdout.utf8))
        let saved = try PlanDocument.decode(try Data(contentsOf: URL(fileURLWithPath: planFile)))
        #expect(saved.hosts == document.hosts, "-o writes the same plan")
        #expect(document.formatVersion == 1)
        #expect(document.summary.hosts == 6 && document.summary.unreachable == 1 && document.summary.planned == 5)

        for seeded in lab.state.hosts {
            let host = try #require(document.hosts.first { $0.name == seeded.name })
            #expect(host.wave != nil)
            if seeded.name == "h05" {
                #expect(host.status == .unreachable)
                #expect(host.connectAttempts == 2, "one attempt and one retry")
                continue
            }
            #expect(host.status == .planned, "\(host.name): \(host.error ?? "")")
            #expect(host.facts?.hostname == seeded.name)
            #expect(host.observationSHA256?.count == 64)
            #expect(host.detections.first?.matched == seeded.infected, "\(host.name)")
            let steps = Dictionary(uniqueKeysWithValues: host.steps.map { ($0.name, $0) })
            if seeded.infected {
                let removal = try #require(steps["backdoors"])
                #expect(removal.action == .change)
                #expect(removal.changes.map(\.path) == ["/var/www/scripts/root.exe", "/var/www/msadc/root.exe", "/opt/explorer.exe"])
                #expect(removal.changes.allSatisfy { $0.kind == .quarantine && $0.sha256?.count == 64 && ($0.size ?? 0) > 0 })
                let diff = try #require(steps["worm_mappings"]?.changes.first?.diff)
                let removed = diff.split(separator: "\n").filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }.map { $0.trimmingCharacters(in: .whitespaces) }
                #expect(removed == ["-    Alias /c \"/\"", "-    Alias /d \"/var\"", "-    AddHandler cgi-script .ida .idq"].map { $0.trimmingCharacters(in: .whitespaces) })
                #expect(!diff.split(separator: "\n").contains { $0.hasPrefix("+") && !$0.hasPrefix("+++") }, "lines only go")
                #expect(steps["clear_memory"]?.action == .change)
            } else {
                #expect(steps["backdoors"]?.action == .skip)
                #expect(steps["worm_mappings"]?.action == .skip)
                #expect(steps["clear_memory"]?.action == .skip, "a clean host is not rebooted")
            }
            #expect(steps["ms01_033"]?.action == .change, "the patch is on no lab host yet")
            #expect(steps["web"]?.action == .skip, "disable_web defaults to false")
        }

        let after = try lab.state.hosts.map { try lab.treeDigest(of: $0) }
        #expect(before == after, "planning changed a host's files")
    }

    @Test func params_change_the_plan_and_bad_ones_are_refused() async throws {
        let lab = try await LabFixture(hosts: 2)
        let base = ["plan", "Playbooks/codered-ii-linux.scour", "-i", lab.inventory, "--known-hosts", lab.knownHosts, "--format", "json"]
        let disabled = try await ScourCLI.run(base + ["--param", "disable_web=true"])
        #expect(disabled.status == 0, "\(disabled.stderr)")
        for host in try PlanDocument.decode(Data(disabled.stdout.utf8)).hosts {
            let web = try #require(host.steps.first { $0.name == "web" })
            #expect(web.action == .change)
            #expect(web.changes.map(\.kind) == [.stopService, .disableService])
        }
        let unknown = try await ScourCLI.run(base + ["--param", "disable_wbe=true"])
        #expect(unknown.status == 65 && unknown.stderr.contains("unknown param 'disable_wbe'"))
        let wrongType = try await ScourCLI.run(base + ["--param", "disable_web=maybe"])
        #expect(wrongType.status == 65 && wrongType.stderr.contains("is not a bool"))
    }
}
