import Foundation
import Testing
import TestSupport

/// Rows 2, 3, 4, 8 and 9 of issue 15's table on the lab: what an unprivileged local user plants
/// (links at the names Scour wrote through, a folder swapped for a link, a config that is a
/// link) and what root on the host forges (the quarantine manifest) never make Scour write
/// where it should not or restore what it did not remove.
@Suite(.needs(.lab))
struct HostileWritesOnLabTests {
    private static let config = "/etc/apache2/sites-enabled/000-default.conf"

    private func scour(_ lab: LabFixture, _ arguments: [String]) async throws -> ScourCLI.Result {
        try await ScourCLI.run(arguments, environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"])
    }

    private func connection(_ lab: LabFixture) -> [String] { ["-i", lab.inventory, "--known-hosts", lab.knownHosts] }

    private func onlyRun(_ lab: LabFixture) throws -> String {
        try #require(try FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs").sorted().last)
    }

    /// The victim's owner, mode and content hash, as root sees them.
    private func victim(_ lab: LabFixture, _ host: String) async throws -> String {
        try await lab.ssh(try lab.state.host(named: host), "stat -c '%U %a %s' /root/victim; sha256sum < /root/victim").stdout
    }

    @Test func links_planted_at_scours_old_temporary_names_are_never_written_through() async throws {
        let lab = try await LabFixture(hosts: 2, extraArguments: ["--infected-share", "100%"])
        // Wave 1 (h01) runs and the run pauses: its id is known, so h02 can be trapped for it.
        let first = try await scour(lab, ["apply", "Playbooks/codered-ii-linux.scour", "--waves", "1,100%", "--pause", "manual", "--no-progress"]
                              + connection(lab))
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let run = try onlyRun(lab)
        let h02 = try lab.state.host(named: "h02")
        let planted = try await lab.tamper(h02, "symlinks", ["--run", run])
        #expect(planted.status == 0, "\(planted.stderr)")
        let before = try await victim(lab, "h02")
        #expect(try await lab.ssh(h02, "test -L /etc/apache2/sites-enabled/.000-default.conf.scour-\(run)").status == 0, "the trap is set")

        let resumed = try await scour(lab, ["resume", run, "--no-progress"])
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(try await victim(lab, "h02") == before, "the victim's owner, mode and content are unchanged")
        #expect(try await lab.ssh(h02, "grep -c 'Alias /c' \(Self.config)").stdout == "0\n", "the worm's mappings are gone")

        // Restore, too, writes only through fresh names (row 3).
        #expect(try await lab.tamper(h02, "symlinks", ["--run", run]).status == 0)
        let restored = try await scour(lab, ["restore", run, "--host", "h02"])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        #expect(try await victim(lab, "h02") == before)
        #expect(try await lab.ssh(h02, "test -e /opt/explorer.exe && grep -c 'Alias /c' \(Self.config)").stdout == "1\n", "restored as it was")
    }

    @Test func a_forged_manifest_entry_is_reported_as_tampering_and_never_restored() async throws {
        let lab = try await LabFixture(hosts: 1, extraArguments: ["--infected-share", "100%"])
        let applied = try await scour(lab, ["apply", "Playbooks/codered-ii-linux.scour", "--no-progress"] + connection(lab))
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        let run = try onlyRun(lab)
        let host = lab.state.hosts[0]
        let keys = try await lab.ssh(host, "sha256sum < /root/.ssh/authorized_keys 2>/dev/null; stat -c %a /root/.ssh/authorized_keys 2>/dev/null").stdout
        #expect(try await lab.tamper(host, "manifest").status == 0)

        let restored = try await scour(lab, ["restore", run])
        #expect(restored.status == 1, "tampering is a problem: \(restored.stdout)")
        #expect(restored.stdout.contains("tampering"), "\(restored.stdout)")
        #expect(try await lab.ssh(host, "sha256sum < /root/.ssh/authorized_keys 2>/dev/null; stat -c %a /root/.ssh/authorized_keys 2>/dev/null").stdout == keys,
                "the attacker's key was not installed")
        #expect(try await lab.ssh(host, "test -e /opt/explorer.exe").status == 0, "what the run did quarantine came back")
    }

    @Test func a_folder_or_config_swapped_for_a_link_is_refused() async throws {
        let lab = try await LabFixture(hosts: 2, extraArguments: ["--infected-share", "100%"])
        let (h01, h02) = (lab.state.hosts[0], lab.state.hosts[1])
        // h01: the backdoors' folder becomes a link to a folder of the same files elsewhere (row 8).
        #expect(try await lab.ssh(h01, "cp -a /var/www/scripts /opt/elsewhere && rm -rf /var/www/scripts && ln -s /opt/elsewhere /var/www/scripts").status == 0)
        // h02: the site config becomes a link to a config elsewhere (row 9).
        #expect(try await lab.ssh(h02, "mv \(Self.config) /etc/apache2/real.conf && ln -s /etc/apache2/real.conf \(Self.config)").status == 0)
        let real = try await lab.ssh(h02, "sha256sum < /etc/apache2/real.conf").stdout

        let applied = try await scour(lab, ["apply", "Playbooks/codered-ii-linux.scour", "--waves", "100%", "--max-failures", "100%", "--no-progress"]
                                + connection(lab))
        #expect(applied.status == 1, "\(applied.stdout)")
        #expect(applied.stdout.contains("reached through a symbolic link"), "\(applied.stdout)")
        #expect(applied.stdout.contains("is a symbolic link: scour edits a config only in place"), "\(applied.stdout)")
        #expect(try await lab.ssh(h01, "test -e /opt/elsewhere/root.exe").status == 0, "nothing was taken from the link's target")
        #expect(try await lab.ssh(h02, "sha256sum < /etc/apache2/real.conf").stdout == real, "nothing was written through the link")
        #expect(try await lab.ssh(h02, "test -L \(Self.config)").status == 0)
    }
}
