import Foundation
import ScourCore
import ScourEngine
import ScourHost
import ScourSSH
import TestSupport
import Testing

/// `scour lab up --login-user`, `--sudo`, `--no-root-login` and `--bastions`: the lab reached
/// as a real fleet is (non-root login with sudo, through bastions), checked with plain OpenSSH,
/// independently of Scour; the generated inventory read back by Scour's own inventory reader.
@Suite(.needs(.lab))
struct LabTopologyTests {
    /// A user name this machine lacks (the lab refuses one it has).
    private static let user = "scourops"

    /// Digests of the machine's own account files: a lab's users must never touch them.
    private func machineAccountFiles() -> [String] {
        ["/etc/passwd", "/etc/shadow", "/etc/group", "/etc/sudoers"].map { SHA256.hex(ofFileAt: $0) ?? "absent" }
    }

    @Test func a_login_user_with_passwordless_sudo_and_root_login_refused() async throws {
        let before = machineAccountFiles()
        let lab = try await LabFixture(hosts: 2, scenario: "clean", extraArguments: ["--login-user", Self.user, "--no-root-login"])
        #expect(machineAccountFiles() == before, "the machine's /etc/passwd, shadow, group and sudoers are untouched")
        #expect(getpwnam(Self.user) == nil, "the user exists on the lab's hosts only")

        let inventory = try Inventory.load(path: lab.inventory)
        for host in inventory.hosts {
            #expect(host.user == Self.user && host.become.enabled == true && host.become.password == nil && host.jumps == nil,
                    "\(host.name): \(host)")
        }
        for host in lab.state.hosts {
            let answer = try await lab.fleetSSH(host, "id -un; echo $HOME; sudo -n id -u; hostname")
            #expect(answer.status == 0, "\(answer.stderr)")
            #expect(answer.stdout == "\(Self.user)\n/home/\(Self.user)\n0\n\(host.name)\n")
            #expect(answer.stderr.isEmpty, "sudo says nothing (no name lookup warning): \(answer.stderr)")
            let root = try await lab.fleetSSH(host, "true", user: "root")
            #expect(root.status == 255 && root.stderr.contains("Permission denied"), "root may not log in: \(root.stderr)")
        }
        let (first, second) = (lab.state.hosts[0], lab.state.hosts[1])
        #expect(try await lab.fleetSSH(first, "touch ~/only-here && sudo -n touch /root/only-here").status == 0)
        #expect(try await lab.fleetSSH(second, "ls ~/only-here; sudo -n ls /root/only-here").status != 0, "homes are per host")

        // requiretty on one host: sudo without a terminal fails plainly there, with one it runs.
        let applied = try await lab.tamper(first, "requiretty")
        #expect(applied.status == 0 && applied.stdout.contains("Defaults requiretty"), "\(applied.stderr)")
        let refused = try await lab.fleetSSH(first, "sudo -n true")
        #expect(refused.status == 1 && refused.stderr.contains("you must have a tty"), "\(refused.stderr)")
        let withTerminal = try await lab.fleetSSH(first, "sudo -n true && echo ran", options: ["-tt"])
        #expect(withTerminal.status == 0 && withTerminal.stdout.contains("ran"), "\(withTerminal.stdout) \(withTerminal.stderr)")
        #expect(try await lab.fleetSSH(second, "sudo -n true").status == 0, "the other host's sudo is unchanged")
        #expect(try await lab.lab(["status"]).stdout.contains("requiretty"))
        #expect(try await lab.tamper(first, "none").status == 0)
        #expect(try await lab.fleetSSH(first, "sudo -n true").status == 0, "none undoes requiretty")
    }

    @Test func sudo_with_a_password_asks_for_the_labs_password() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "clean", extraArguments: ["--login-user", Self.user, "--sudo", "password"])
        let password = try #require(lab.state.loginUser?.sudoPassword, "lab.json records the password")
        let inventory = try Inventory.load(path: lab.inventory)
        #expect(inventory.hosts.first?.become.password?.value == password)
        let host = lab.state.hosts[0]

        let withoutPassword = try await lab.fleetSSH(host, "sudo -n true")
        #expect(withoutPassword.status == 1 && withoutPassword.stderr.contains("a password is required"), "\(withoutPassword.stderr)")
        let right = try await lab.fleetSSH(host, "sudo -S -p '' id -u", stdin: Data("\(password)\n".utf8))
        #expect(right.status == 0 && right.stdout == "0\n", "\(right.stderr)")
        let wrong = try await lab.fleetSSH(host, "sudo -S -p '' true", stdin: Data("not-\(password)\n".utf8))
        #expect(wrong.status == 1 && wrong.stderr.contains("incorrect password"), "\(wrong.stderr)")
        #expect(try await lab.ssh(host, "id -u").stdout == "0\n", "root still logs in without --no-root-login")
    }

    @Test func hosts_behind_a_bastion_are_reached_only_through_it() async throws {
        let lab = try await LabFixture(hosts: 2, scenario: "clean", extraArguments: ["--login-user", Self.user, "--bastions", "1"])
        let bastion = try #require(lab.state.bastions?.first)
        #expect(lab.jumpArguments == ["-J", "root@\(bastion.address)"])
        let inventory = try Inventory.load(path: lab.inventory)
        #expect(inventory.hosts.map(\.name) == ["h01", "h02"], "the bastion is not a target")
        for host in inventory.hosts {
            #expect(host.jumps == [JumpHost(user: "root", host: bastion.address)] && host.user == Self.user, "\(host)")
        }

        for host in lab.state.hosts {
            // Strict host key checking on both hops: the bastion's key and the host's are in known_hosts.
            let through = try await lab.fleetSSH(host, "hostname; sudo -n id -u")
            #expect(through.status == 0 && through.stdout == "\(host.name)\n0\n", "\(through.stderr)")
            // The machine routes the host's address to the lab bridge, where no one answers.
            let route = try await runProcess("/usr/sbin/ip", ["route", "get", host.address]).stdout
            #expect(route.contains("dev \(lab.state.bridge)") && !route.contains(" via "), "\(route)")
            let direct = try await lab.fleetSSH(host, "true", jumps: [], options: ["-o", "ConnectTimeout=3"])
            // Fails, not hangs: the bound is far above ConnectTimeout, for a loaded machine (26 s seen in CI).
            #expect(direct.status == 255 && direct.duration < .seconds(90), "a direct connection fails: \(direct.stderr) after \(direct.duration)")
        }
        // The bastion forwards to the hosts' sshd and nowhere else.
        let otherPort = try await runProcess("/usr/bin/ssh", ["-F", lab.sshConfig, "-W", "\(lab.state.hosts[0].address):80", "root@\(bastion.address)"])
        #expect(otherPort.status == 255 && otherPort.stderr.contains("administratively prohibited"), "\(otherPort.stderr)")

        // A host behind the bastion powers off and on like any other (its link is in the bastion's namespace).
        let host = lab.state.hosts[1]
        #expect(try await lab.lab(["power", "stop", host.name]).status == 0)
        let jump = (["/usr/bin/ssh", "-F", lab.sshConfig] + lab.jumpArguments + ["\(lab.user)@\(host.address)", "true"])
            .map(ShellQuote.posix).joined(separator: " ")
        // Its status alone: the jump process ssh leaves waiting on the bastion's TCP timeout holds no pipe of ours.
        let stopped = try await runProcess("/bin/sh", ["-c", "\(jump) >/dev/null 2>&1; echo $?"])
        #expect(stopped.stdout == "255\n", "a stopped host does not answer")
        #expect(try await ScourCLI.run(["lab", "up", "2", "--scenario", "clean", "--login-user", Self.user, "--bastions", "1",
                                  "--dir", lab.directory, "--net", String(lab.network)]).status == 0, "up powers it on again")
        #expect(try await lab.fleetSSH(host, "hostname").stdout == "\(host.name)\n")

        let namespaces = try await lab.namespaceIdentities()
        let bridge = lab.bridgeIdentity()
        let down = try await lab.down()
        #expect(down.status == 0 && down.stdout.contains("bridge hidden of b1"), "\(down.stdout) \(down.stderr)")
        let left = try await lab.namespaceIdentities()
        #expect(!namespaces.isEmpty && left.isDisjoint(with: namespaces), "\(left)")
        #expect(bridge != nil && lab.bridgeIdentity() != bridge, "the bridge went with the lab")
        #expect(!FileManager.default.fileExists(atPath: lab.directory))
    }

    @Test func a_chain_of_two_bastions() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "clean", extraArguments: ["--bastions", "2"])
        let bastions = try #require(lab.state.bastions)
        let (first, second, host) = (bastions[0], bastions[1], lab.state.hosts[0])
        #expect(lab.jumpArguments == ["-J", "root@\(first.address),root@\(second.address)"])
        #expect(try Inventory.load(path: lab.inventory).hosts.first?.jumps
                == [JumpHost(user: "root", host: first.address), JumpHost(user: "root", host: second.address)])

        let through = try await lab.fleetSSH(host, "hostname; id -u")
        #expect(through.status == 0 && through.stdout == "h01\n0\n", "\(through.stderr)")
        // The first bastion alone forwards only to the second; the second is hidden from the machine.
        let oneJump = try await lab.fleetSSH(host, "true", jumps: ["-J", "root@\(first.address)"])
        #expect(oneJump.status == 255 && oneJump.stderr.contains("administratively prohibited"), "\(oneJump.stderr)")
        #expect(try await lab.fleetSSH(second, "hostname", user: "root", jumps: ["-J", "root@\(first.address)"]).stdout == "b2\n")
        let direct = try await lab.fleetSSH(second, "true", user: "root", jumps: [], options: ["-o", "ConnectTimeout=3"])
        #expect(direct.status == 255 && direct.duration < .seconds(10), "\(direct.stderr)")

        let different = try await ScourCLI.run(["lab", "up", "1", "--scenario", "clean", "--bastions", "1",
                                          "--dir", lab.directory, "--net", String(lab.network)])
        #expect(different.status != 0 && different.stderr.contains("2 bastions"), "a different up refuses, naming the lab: \(different.stderr)")
        let namespaces = try await lab.namespaceIdentities()
        let down = try await lab.down()
        #expect(down.status == 0 && down.stdout.contains("bridge hidden of b1") && down.stdout.contains("bridge hidden of b2"), "\(down.stdout)")
        let left = try await lab.namespaceIdentities()
        #expect(!namespaces.isEmpty && left.isDisjoint(with: namespaces), "\(left)")
    }
}
