import Foundation
import ScourLab
import Testing
import TestSupport

/// `scour lab up --sites`: a lab split into sites, each a network namespace whose hosts only a
/// program run there (`scour lab exec --site K`) reaches — the place of one controller of a
/// shared run. Proved with the real `scour exec` run from each site and from the machine.
@Suite(.needs(.lab))
struct LabSitesTests {
    /// `scour exec hostname` on `limit`, from site `site` (nil: from the machine itself), failing
    /// fast on a host it cannot reach.
    /// `scour exec hostname` on `limit` from a site (nil: the machine). Hosts expected out of
    /// reach get 1 s to answer; hosts expected in reach get what a loaded machine needs (the
    /// full suite runs labs side by side).
    private func exec(_ lab: LabFixture, from site: Int?, limit: String, reachable: Bool = false, retries: Int = 0) async throws -> ExecReportJSON {
        let patience = reachable ? ["--connect-timeout", "15s", "--retries", String(max(retries, 3))] : ["--connect-timeout", "1s", "--retries", String(retries)]
        let arguments = ["exec", "-i", lab.inventory, "--known-hosts", lab.knownHosts, "--no-ssh-config", "--limit", limit]
            + patience + ["--backoff", "500ms", "--format", "json", "--", "hostname"]
        guard let site else { return try ExecReportJSON(try await ScourCLI.run(arguments)) }
        return try ExecReportJSON(try await lab.inSite(site, [ScourCLI.executable.path] + arguments))
    }

    private func names(_ report: ExecReportJSON, _ status: String) -> [String] {
        report.hosts.filter { $0.status == status }.map(\.name).sorted()
    }

    @Test func each_site_reaches_its_own_hosts_only_and_the_machine_none() async throws {
        let lab = try await LabFixture(hosts: 6, scenario: "clean", extraArguments: ["--sites", "2"])
        let sites = try #require(lab.state.sites)
        #expect(sites.map(\.name) == ["site1", "site2"])
        let inventory = try String(contentsOfFile: lab.inventory, encoding: .utf8)
        #expect(inventory.contains("\n[site1]\nh01\nh02\nh03\n") && inventory.contains("\n[site2]\nh04\nh05\nh06\n"), "\(inventory)")
        let (first, second) = (["h01", "h02", "h03"], ["h04", "h05", "h06"])

        let own1 = try await exec(lab, from: 1, limit: "site1", reachable: true)
        #expect(names(own1, "ok") == first && own1.hosts.allSatisfy { $0.stdout == $0.name + "\n" }, "\(own1.hosts)")
        let other1 = try await exec(lab, from: 1, limit: "site2")
        #expect(names(other1, "unreachable") == second, "\(other1.hosts)")
        let own2 = try await exec(lab, from: 2, limit: "site2", reachable: true)
        #expect(names(own2, "ok") == second, "\(own2.hosts)")
        let other2 = try await exec(lab, from: 2, limit: "site1")
        #expect(names(other2, "unreachable") == first, "\(other2.hosts)")
        let machine = try await exec(lab, from: nil, limit: "lab")
        #expect(names(machine, "unreachable") == first + second, "the machine has no leg on a site's bridge: \(machine.hosts)")

        // Only the network is the site's: the files, processes and mounts are the machine's.
        let ownNamespaces = "stat -L -c %i /proc/self/ns/mnt /proc/self/ns/pid /proc/self/ns/net"
        let here = try await runProcess("/bin/sh", ["-c", ownNamespaces]).stdout.split(separator: "\n")
        let there = try await lab.inSite(1, ["/bin/sh", "-c", ownNamespaces]).stdout.split(separator: "\n")
        let siteNet = try #require(try FileManager.default.attributesOfItem(atPath: "/run/netns/\(sites[0].namespace)")[.systemFileNumber])
        #expect(there.count == 3 && there.prefix(2) == here.prefix(2) && there.last.map(String.init) == "\(siteNet)" && here.last != there.last,
                "here \(here), in site1 \(there), site1's namespace \(siteNet)")
        let passed = try await lab.inSite(2, ["/bin/sh", "-c", "cat; echo to-stderr >&2; exit 3"], stdin: Data("from stdin\n".utf8))
        #expect(passed.status == 3 && passed.stdout == "from stdin\n" && passed.stderr == "to-stderr\n", "\(passed)")

        let status = try await lab.lab(["status", "--format", "json"])
        let hosts = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(Dictionary(uniqueKeysWithValues: hosts.map { ($0["name"] as? String ?? "", $0["site"] as? String ?? "") })
                == ["h01": "site1", "h02": "site1", "h03": "site1", "h04": "site2", "h05": "site2", "h06": "site2"], "\(status.stdout)")
        #expect(try await lab.lab(["status"]).stdout.contains("site2: namespace \(sites[1].namespace), 3 hosts"))

        // A rebooted site-2 host comes back on its site's bridge: reachable from site 2 alone.
        let before = try await lab.boots()
        #expect(try await lab.lab(["power", "reboot", "h05"]).status == 0)
        let back = try await exec(lab, from: 2, limit: "h05", reachable: true, retries: 20)
        #expect(names(back, "ok") == ["h05"], "\(back.hosts)")
        #expect((try await lab.boots()["h05"] ?? 0) > (before["h05"] ?? 0), "h05 booted again")
        #expect(names(try await exec(lab, from: 1, limit: "h05"), "unreachable") == ["h05"])

        // A site whose namespace is gone (a crash, a hand) takes its hosts' links with it; `up` makes both again.
        _ = try await runProcess("/usr/sbin/ip", ["netns", "del", sites[1].namespace])
        #expect(names(try await exec(lab, from: 1, limit: "site1", reachable: true), "ok") == first, "site 1 does not notice")
        let up = try await ScourCLI.run(["lab", "up", "6", "--scenario", "clean", "--sites", "2", "--dir", lab.directory, "--net", String(lab.network)])
        #expect(up.status == 0, "\(up.stdout)\(up.stderr)")
        #expect(names(try await exec(lab, from: 2, limit: "site2", reachable: true), "ok") == second)

        let namespaces = try await lab.namespaceIdentities()
        let bridge = lab.bridgeIdentity()
        let down = try await lab.down()
        #expect(down.status == 0 && down.stdout.contains("bridge hidden of site1") && down.stdout.contains("bridge hidden of site2"),
                "\(down.stdout) \(down.stderr)")
        #expect(sites.allSatisfy { site in namespaces.contains { $0.hasPrefix(site.namespace + ":") } }, "\(namespaces)")
        let left = try await lab.namespaceIdentities()
        #expect(left.isDisjoint(with: namespaces), "\(left)")
        #expect(bridge != nil && lab.bridgeIdentity() != bridge, "the bridge went with the lab")
    }

    @Test func sites_with_bastions_or_a_single_site_are_refused_having_made_nothing() async throws {
        let directory = "/var/lib/scour-lab-sites-refused-\(UUID().uuidString.prefix(6))"
        for (arguments, reason) in [(["--sites", "2", "--bastions", "1"], "--sites and --bastions do not go together"),
                                    (["--sites", "1"], "--sites 1 is the plain lab"),
                                    (["--sites", "3"], "3 sites need at least 3 hosts")] {
            let refused = try await ScourCLI.run(["lab", "up", "2", "--scenario", "clean", "--dir", directory, "--net", "69"] + arguments)
            #expect(refused.status == 65 && refused.stderr.contains(reason), "\(arguments): \(refused.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory))
    }
}
