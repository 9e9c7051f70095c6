import Foundation
import Testing
import TestSupport

/// The reference cleanup on hosts the controller cannot reach, through one bastion and through
/// a chain of two (`ProxyJump` in the inventory, as the lab writes it), with the bastions'
/// host keys checked like the hosts'.
@Suite(.needs(.lab))
struct BastionOnLabTests {
    private func scour(_ lab: LabFixture, _ arguments: [String]) async throws -> ScourCLI.Result {
        try await ScourCLI.run(arguments, environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"])
    }

    private func connection(_ lab: LabFixture) -> [String] { ["-i", lab.inventory, "--known-hosts", lab.knownHosts, "--no-ssh-config"] }

    @Test func the_reference_cleanup_through_a_bastion_as_a_login_user_with_sudo() async throws {
        let lab = try await LabFixture(hosts: 4, extraArguments: ["--bastions", "1", "--login-user", "scourops", "--sudo", "nopasswd", "--no-root-login"])
        let direct = try await lab.fleetSSH(lab.state.hosts[0], "true", jumps: [], options: ["-o", "ConnectTimeout=3"])
        #expect(direct.status != 0, "the hosts cannot be reached without the bastion")

        let applied = try await scour(lab, ["apply", "Playbooks/codered-ii-linux.scour", "--no-progress"] + connection(lab))
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        for host in lab.state.hosts {
            let left = try await lab.fleetSSH(host, "sudo -n sh -c 'ls /var/www/scripts/root.exe /opt/explorer.exe 2>/dev/null | wc -l; test -e /var/lib/patches/MS01-033 && echo patched'")
            #expect(left.stdout == "0\npatched\n", "\(host.name): \(left.stdout)\(left.stderr)")
        }
    }

    @Test func the_reference_cleanup_through_a_chain_of_two_bastions_and_a_changed_bastion_key() async throws {
        let lab = try await LabFixture(hosts: 2, extraArguments: ["--bastions", "2", "--infected-share", "100%"])
        let applied = try await scour(lab, ["apply", "Playbooks/codered-ii-linux.scour", "--no-progress"] + connection(lab))
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        let exec = ["exec"] + connection(lab) + ["--", "hostname; ls /opt/explorer.exe 2>/dev/null | wc -l; test -e /var/lib/patches/MS01-033 && echo patched"]
        let through = try await scour(lab, exec)
        #expect(through.status == 0, "\(through.stdout)\(through.stderr)")
        for host in lab.state.hosts { #expect(through.stdout.contains(host.name)) }
        #expect(through.stdout.components(separatedBy: "patched").count - 1 == lab.state.hosts.count, "every host cleaned: \(through.stdout)")

        // The outer bastion's key on record is replaced by another host's: refused, named.
        let outer = try #require(lab.state.bastions?.first)
        let lines = try String(contentsOfFile: lab.knownHosts, encoding: .utf8).split(separator: "\n").map(String.init)
        let hostKey = try #require(lines.first { $0.hasPrefix(lab.state.hosts[0].address + " ") }).split(separator: " ").dropFirst().joined(separator: " ")
        let forged = lines.map { $0.hasPrefix(outer.address + " ") ? outer.address + " " + hostKey : $0 }
        try (forged.joined(separator: "\n") + "\n").write(toFile: lab.knownHosts, atomically: true, encoding: .utf8)
        let refused = try await scour(lab, exec)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains(outer.address) || refused.stderr.contains(outer.address), "the bastion is named: \(refused.stdout)\(refused.stderr)")
        let json = try await scour(lab, ["exec"] + connection(lab) + ["--format", "json", "--", "hostname"])
        let summary = (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["summary"] as? [String: Any]
        #expect(summary?["ok"] as? Int == 0, "no host was reached through a bastion whose key changed: \(json.stdout)")
    }
}
