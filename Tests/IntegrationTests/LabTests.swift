import Foundation
import Logging
import ScourEngine
import ScourSSH
import Testing
import TestSupport

/// `scour lab` itself: what it seeds, that `up` is idempotent, that a reboot is a reboot, and
/// that `down` leaves nothing behind.
@Suite(.needs(.lab))
struct LabTests {
    @Test func up_seeds_the_scenario_and_down_leaves_nothing() async throws {
        let lab = try await LabFixture(hosts: 4)
        #expect(lab.state.hosts.map(\.infected) == [false, true, false, true])
        for host in lab.state.hosts {
            let seen = try await lab.ssh(host, """
                hostname; systemctl is-active apache2; systemctl is-enabled apache2
                ls /var/www/scripts/root.exe /var/www/msadc/root.exe /opt/explorer.exe 2>/dev/null | wc -l
                grep -c -E '^\\s*(Alias /[cd] |AddHandler cgi-script .ida .idq)' /etc/apache2/sites-enabled/000-default.conf
                """)
            let lines = seen.stdout.split(separator: "\n").map(String.init)
            #expect(seen.status == (host.infected ? 0 : 1), "grep finds the worm's lines only on infected hosts")
            #expect(lines == [host.name, "active", "enabled", host.infected ? "3" : "0", host.infected ? "3" : "0"],
                    "\(host.name): \(seen.stdout) \(seen.stderr)")
        }

        let before = try await lab.lab(["status", "--format", "json"])
        let again = try await ScourCLI.run(["lab", "up", "4", "--dir", lab.directory, "--net", String(lab.network)])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try await lab.lab(["status", "--format", "json"]).stdout == before.stdout, "a second up reboots nothing")

        let namespaces = try await lab.namespaceIdentities()
        let bridge = lab.bridgeIdentity()
        #expect(!namespaces.isEmpty)
        let down = try await lab.down()
        #expect(down.status == 0, "\(down.stderr)")
        let left = try await lab.namespaceIdentities()
        #expect(left.isDisjoint(with: namespaces), "\(left)")
        #expect(bridge != nil && lab.bridgeIdentity() != bridge, "the bridge went with the lab")
        #expect(!FileManager.default.fileExists(atPath: lab.directory))
        let leftovers = try await runProcess("/usr/bin/pgrep", ["-f", lab.directory])
        #expect(leftovers.stdout.isEmpty, "processes of the lab survived down: \(leftovers.stdout)")
    }

    @Test func a_reboot_drops_the_connection_and_changes_the_boot_id() async throws {
        let lab = try await LabFixture(hosts: 2)
        let host = lab.state.hosts[0]
        let options = SSHClientOptions(
            knownHostsFile: lab.knownHosts, identities: [.keyFile(path: lab.clientKey, passphrase: nil)],
            connectTimeout: .seconds(3))
        let target = SSHTarget(host: host.address, user: "root")
        let session = try await SSHSession.connect(to: target, options: options, logger: Logger(label: "test"))
        let bootID = try await session.exec("cat /proc/sys/kernel/random/boot_id").stdoutText
        // The connection may drop before the command reports back, on a loaded machine.
        _ = try? await session.exec("reboot")

        var dropped = false
        for _ in 0..<50 where !dropped {
            do {
                _ = try await session.exec("true", timeout: .seconds(2))
                try await Task.sleep(for: .milliseconds(200))
            } catch {
                dropped = true
            }
        }
        await session.close()
        #expect(dropped, "the session outlived the reboot")

        var newBootID: String?
        var lastError = ""
        // Generous: on a loaded CI machine a boot can take many seconds.
        let deadline = ContinuousClock.now + .seconds(90)
        while newBootID == nil && ContinuousClock.now < deadline {
            do {
                let again = try await SSHSession.connect(to: target, options: options, logger: Logger(label: "test"))
                newBootID = try await again.exec("cat /proc/sys/kernel/random/boot_id").stdoutText
                await again.close()
            } catch {
                lastError = "\(error)"
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        let status = newBootID == nil ? try await lab.lab(["status"]).stdout : ""
        let changed = try #require(newBootID, "the host did not come back: \(lastError)\n\(status)")
        #expect(changed != bootID)
        #expect(changed.count == bootID.count)
        let other = try await lab.ssh(lab.state.hosts[1], "cat /proc/sys/kernel/random/boot_id")
        #expect(other.stdout != changed, "each host has its own boot id")
    }

    @Test func up_again_powers_on_stopped_and_hung_hosts() async throws {
        let lab = try await LabFixture(hosts: 3, scenario: "clean")
        #expect(try await lab.lab(["power", "stop", "h02"]).status == 0)
        #expect(try await lab.lab(["power", "hang", "h03"]).status == 0)
        let up = try await lab.lab(["up", "3", "--scenario", "clean", "--net", String(lab.network)])
        #expect(up.status == 0, "\(up.stderr)")
        for host in lab.state.hosts {
            #expect(try await lab.ssh(host, "hostname").stdout == host.name + "\n", "\(host.name) answers again")
        }
    }
}
