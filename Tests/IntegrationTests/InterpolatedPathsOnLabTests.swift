import Foundation
import Testing
import TestSupport

/// Paths written with `${host.…}` and `${param.…}`, resolved per host from the inventory and
/// the command line: each lab host gets its own web root, and a value the path rules refuse
/// stops the run before any host is contacted.
@Suite(.needs(.lab))
struct InterpolatedPathsOnLabTests {
    static let playbook = """
        playbook "per-host-web-roots" {
          platform = linux
          param "dropper" {
            type    = string
            default = "readme.eml"
          }
          remove_files "nimda" {
            paths = ["${host.web_root}/admin.dll", "${host.web_root}/${param.dropper}"]
          }
        }

        """

    /// The lab's inventory with a `web_root` for each host: `/var/www/sites/NAME`, or `root(name)`.
    private func inventory(_ lab: LabFixture, root: (String) -> String? = { "/var/www/sites/\($0)" }) throws -> String {
        let text = try String(contentsOfFile: lab.inventory, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard line.contains("ansible_host="), let name = line.split(separator: " ").first,
                  let root = root(String(name)) else { return String(line) }
            return "\(line) web_root=\(root)"
        }
        let path = lab.directory + "/web-roots.ini"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func scour(_ lab: LabFixture, _ arguments: [String]) async throws -> ScourCLI.Result {
        try await ScourCLI.run(arguments, environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"])
    }

    @Test func each_host_is_cleaned_in_its_own_web_root() async throws {
        let lab = try await LabFixture(hosts: 3, extraArguments: ["--infected-share", "0%"])
        let playbook = lab.directory + "/web-roots.scour"
        try Self.playbook.write(toFile: playbook, atomically: true, encoding: .utf8)
        let inventory = try inventory(lab)
        for host in lab.state.hosts {
            let root = "/var/www/sites/\(host.name)"
            // Every host holds the other hosts' file names too: only its own root may be touched.
            let planted = lab.state.hosts.map { "mkdir -p /var/www/sites/\($0.name) && echo x > /var/www/sites/\($0.name)/admin.dll" }.joined(separator: " && ")
            #expect(try await lab.ssh(host, planted + " && echo y > \(root)/readme.eml").status == 0)
        }

        let plan = try await scour(lab, ["plan", playbook, "-i", inventory, "--known-hosts", lab.knownHosts, "--format", "json"])
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        for host in lab.state.hosts {
            #expect(plan.stdout.contains("\"/var/www/sites/\(host.name)/admin.dll\""), "the plan shows \(host.name)'s resolved path")
            #expect(plan.stdout.contains("\"/var/www/sites/\(host.name)/readme.eml\""))
        }

        let applied = try await scour(lab, ["apply", playbook, "-i", inventory, "--known-hosts", lab.knownHosts, "--no-progress"])
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        for host in lab.state.hosts {
            let others = lab.state.hosts.filter { $0.name != host.name }.map { "/var/www/sites/\($0.name)/admin.dll" }
            let check = "test ! -e /var/www/sites/\(host.name)/admin.dll && test ! -e /var/www/sites/\(host.name)/readme.eml && ls " + others.joined(separator: " ")
            let result = try await lab.ssh(host, check)
            #expect(result.status == 0, "\(host.name): its own root cleaned, the others' files untouched: \(result.stdout)\(result.stderr)")
        }
    }

    @Test func a_refused_value_on_one_host_stops_the_run_before_contact() async throws {
        let lab = try await LabFixture(hosts: 2, extraArguments: ["--infected-share", "0%"])
        let playbook = lab.directory + "/web-roots.scour"
        try Self.playbook.write(toFile: playbook, atomically: true, encoding: .utf8)
        let bad = lab.state.hosts[1].name
        let refusing = try inventory(lab) { $0 == bad ? "var/www" : "/var/www/sites/\($0)" }

        for command in [["plan"], ["apply", "--no-progress"]] {
            let result = try await scour(lab, command + [playbook, "-i", refusing, "--known-hosts", lab.knownHosts])
            #expect(result.status == 65, "\(command): \(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("\(bad): an item of 'paths' \"${host.web_root}/admin.dll\" is 'var/www/admin.dll'"), "\(result.stderr)")
            #expect(result.stderr.contains("is not an absolute path"), "\(result.stderr)")
            #expect(!result.stderr.contains(lab.state.hosts[0].name + ":"), "only the refused host is named")
        }
        // A host without the variable (and no `??` default in the playbook): named, nothing contacted.
        let lacking = try inventory(lab) { $0 == bad ? nil : "/var/www/sites/\($0)" }
        let missing = try await scour(lab, ["apply", "--no-progress", playbook, "-i", lacking, "--known-hosts", lab.knownHosts])
        #expect(missing.status == 65, "\(missing.stdout)\(missing.stderr)")
        #expect(missing.stderr.contains("host variable 'web_root' is not set on 1 of the 2 hosts: '\(bad)'"), "\(missing.stderr)")
        let runs = (try? FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs")) ?? []
        #expect(runs.isEmpty, "no run was started: \(runs)")
        // A param that is refused everywhere is named on every host.
        let everywhere = try await scour(lab, ["plan", playbook, "-i", try self.inventory(lab), "--known-hosts", lab.knownHosts, "--param", "dropper=../x"])
        #expect(everywhere.status == 65)
        #expect(lab.state.hosts.allSatisfy { everywhere.stderr.contains("\($0.name): an item of 'paths' \"${host.web_root}/${param.dropper}\"") },
                "\(everywhere.stderr)")
    }
}
