import Foundation
import ScourEngine
import Testing
import TestSupport

/// A `content` indicator over a glob, planned by the real `scour` against lab hosts: the files
/// are searched on each host, the plan names the matching files and lines on infected hosts
/// only, and more paths than `max_matches` with none matching leaves the host unplanned.
@Suite(.needs(.lab))
struct ContentGlobPlanOnLabTests {
    static func playbook(maxMatches: Int, pattern: String = "Code Red II") -> String {
        """
        playbook "backdoor_pages" {
          platform = linux
          detect "code_red" {
            content { path = '/var/www/*/root.exe'  pattern = '\(pattern)'  max_matches = \(maxMatches) }
          }
          run "note" {
            when    = detected.code_red
            command = "true"
          }
        }
        """
    }

    @Test func the_plan_shows_each_matching_file_and_line_on_infected_hosts_only() async throws {
        let lab = try await LabFixture(hosts: 4)
        let file = lab.directory + "/pages.scour"
        try Self.playbook(maxMatches: 5).write(toFile: file, atomically: true, encoding: .utf8)
        let base = ["plan", file, "-i", lab.inventory, "--known-hosts", lab.knownHosts]
        let json = try await ScourCLI.run(base + ["--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let document = try PlanDocument.decode(Data(json.stdout.utf8))
        for seeded in lab.state.hosts {
            let host = try #require(document.hosts.first { $0.name == seeded.name })
            let indicator = try #require(host.detections.first?.indicators.first)
            #expect(indicator.matched == seeded.infected, "\(host.name)")
            if seeded.infected {
                #expect(indicator.evidence?.map(\.path) == ["/var/www/msadc/root.exe", "/var/www/scripts/root.exe"])
                #expect(indicator.evidence?.allSatisfy { $0.line == 1 && $0.text.contains("Code Red II backdoor") } == true)
            } else {
                #expect(indicator.evidence?.isEmpty ?? true)
            }
        }
        // Infected hosts have the same plan, so they are grouped unless verbose.
        for (arguments, hostsShown) in [([], 1), (["--verbose"], lab.state.hosts.filter(\.infected).count)] {
            let text = try await ScourCLI.run(base + arguments)
            #expect(text.status == 0, "\(text.stderr)")
            let evidence = text.stdout.split(separator: "\n").filter { $0.hasPrefix("        /var/www/scripts/root.exe:1: MZ") }
            #expect(evidence.count == hostsShown, "\(text.stdout)")
            #expect(evidence.allSatisfy { $0.contains("Code Red II backdoor") && !$0.contains("\u{90}") }, "host text is escaped: \(evidence)")
        }

        // One path searched of two, and it does not match: the host cannot be planned.
        try Self.playbook(maxMatches: 1, pattern: "scripts-only").write(toFile: file, atomically: true, encoding: .utf8)
        let open = try await ScourCLI.run(base + ["--format", "json"])
        let infected = try PlanDocument.decode(Data(open.stdout.utf8)).hosts.filter { host in lab.state.hosts.contains { $0.name == host.name && $0.infected } }
        #expect(!infected.isEmpty)
        for host in infected {
            #expect(host.status == .failed)
            #expect(host.error?.contains("more than max_matches = 1") == true, "\(host.error ?? "")")
        }
    }
}
