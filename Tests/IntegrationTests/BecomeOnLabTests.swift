import Foundation
import ScourHost
import ScourSSH
import TestSupport
import Testing

/// The reference cleanup on a fleet that forbids root login: scour logs in as a user and runs
/// everything through sudo (the inventory's `ansible_become`), both sudo variants, and says
/// plainly when sudo refuses.
@Suite(.needs(.lab))
struct BecomeOnLabTests {
    private static let user = "scourops"

    private func scour(_ lab: LabFixture, _ arguments: [String]) async throws -> ScourCLI.Result {
        try await ScourCLI.run(arguments, environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"])
    }

    private func connection(_ lab: LabFixture) -> [String] { ["-i", lab.inventory, "--known-hosts", lab.knownHosts, "--identity", lab.clientKey] }

    private func onlyRun(_ lab: LabFixture) throws -> String {
        try #require(try FileManager.default.contentsOfDirectory(atPath: lab.directory + "/runs").sorted().last)
    }

    /// `command` run as root on `host` through sudo, with plain OpenSSH (the lab's password on
    /// stdin, which sudo reads only when it asks).
    private func asRoot(_ lab: LabFixture, _ host: String, _ command: String) async throws -> ScourCLI.Result {
        try await lab.fleetSSH(try lab.state.host(named: host), "sudo -S -p '' sh -c \(ShellQuote.posix(command))", stdin: Data("scour-lab-sudo\n".utf8))
    }

    /// What is left of the infection on `host`.
    private func leftovers(_ lab: LabFixture, _ host: String) async throws -> String {
        try await asRoot(lab, host, "ls /var/www/scripts/root.exe /opt/explorer.exe 2>/dev/null | wc -l; test -e /var/lib/patches/MS01-033 && echo patched").stdout
    }

    /// Has sudo on every host of `lab` log each command it runs, one line each, to /root/sudo.log
    /// (the host's own /root): a drop-in in the host's sudoers.d, which sudo reads every time.
    private func logSudo(_ lab: LabFixture) throws {
        for host in lab.state.hosts {
            let path = lab.directory + "/hosts/\(host.name)/etc/sudoers.d/zz-log"
            try "Defaults logfile=/root/sudo.log\nDefaults loglinelen=0\n".write(toFile: path, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o440], ofItemAtPath: path)
        }
    }

    /// How many shells scour has started through sudo on `host` (the root shell of a
    /// connection, which says it is ready first), from sudo's own log.
    private func sudoShells(_ lab: LabFixture, _ host: String) async throws -> Int {
        let log = try await asRoot(lab, host, "cat /root/sudo.log").stdout
        return log.split(separator: "\n").filter { $0.contains("COMMAND=/bin/sh -c") && $0.contains("scour-ready-") }.count
    }

    @Test(arguments: ["nopasswd", "password"])
    func the_reference_cleanup_as_a_login_user_through_sudo(_ sudo: String) async throws {
        let lab = try await LabFixture(hosts: 4, extraArguments: ["--login-user", Self.user, "--sudo", sudo, "--no-root-login", "--boot-delay", "1s"])
        let infected = lab.state.hosts.filter(\.infected).map(\.name)
        try #require(!infected.isEmpty)
        try logSudo(lab)

        let plan = try await scour(lab, ["plan", "Playbooks/codered-ii-linux.scour", "--format", "json"] + connection(lab))
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let planned = (try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])?["hosts"] as? [[String: Any]] ?? []
        let detected = planned.filter { host in
            (host["detections"] as? [[String: Any]] ?? []).contains { $0["matched"] as? Bool == true }
        }.compactMap { $0["name"] as? String }
        #expect(Set(detected) == Set(infected), "the probe read root's files through sudo")
        for host in lab.state.hosts {
            #expect(try await sudoShells(lab, host.name) == 1, "\(host.name): one sudo for the plan")
        }

        let applied = try await scour(lab, ["apply", "Playbooks/codered-ii-linux.scour", "--no-progress"] + connection(lab))
        #expect(applied.status == 0, "\(applied.stdout)\(applied.stderr)")
        for host in lab.state.hosts {
            #expect(try await leftovers(lab, host.name) == "0\npatched\n", "\(host.name) is clean and patched")
            // One root shell a connection took every script: a clean host's apply is one
            // connection; an infected one's is one before its reboot and one after (a second
            // after it only if the first look at the rebooted host was cut off), not one a script.
            let shells = try await sudoShells(lab, host.name) - 1
            if infected.contains(host.name) {
                #expect((2...3).contains(shells), "\(host.name): \(shells) sudos for the apply")
            } else {
                #expect(shells == 1, "\(host.name): \(shells) sudos for the apply")
            }
        }
        let owner = try await asRoot(lab, infected[0], "stat -c %U /var/lib/scour/patches/*").stdout
        #expect(owner == "root\n", "the patch staged by the login user was taken over by root")
        #expect(try await asRoot(lab, infected[0], "ls -a /tmp | grep -c '^.scour-upload-' || true").stdout == "0\n", "no upload is left behind")

        let run = try onlyRun(lab)
        let restored = try await scour(lab, ["restore", run, "/opt/explorer.exe", "--host", infected[0], "--identity", lab.clientKey])
        #expect(restored.status == 0, "\(restored.stdout)\(restored.stderr)")
        #expect(try await asRoot(lab, infected[0], "test -e /opt/explorer.exe").status == 0)
        #expect(try await scour(lab, ["resume", run, "--identity", lab.clientKey]).status == 1, "completed: nothing to resume")
        let exec = ["exec", "-i", lab.inventory, "--known-hosts", lab.knownHosts, "--identity", lab.clientKey]
        let asRootNow = try await scour(lab, exec + ["--", "id -un"])
        #expect(asRootNow.status == 0 && asRootNow.stdout.contains("root") && !asRootNow.stdout.contains(Self.user), "exec becomes too: \(asRootNow.stdout)")

        // A password given to a host whose sudo asks for none is never sent.
        let text = try String(contentsOfFile: lab.inventory, encoding: .utf8)
        if sudo == "nopasswd" {
            try text.replacingOccurrences(of: "ansible_become=true\n", with: "ansible_become=true\nansible_become_password=not-asked-for\n")
                .write(toFile: lab.inventory, atomically: true, encoding: .utf8)
            let unasked = try await scour(lab, exec + ["--", "id -un"])
            #expect(unasked.status == 0 && unasked.stdout.contains("root"), "\(unasked.stdout)\(unasked.stderr)")
            #expect(!unasked.stdout.contains("not-asked-for") && !unasked.stderr.contains("not-asked-for"))
        }

        // Without ansible_become in the inventory, the login acts; --become asks for sudo.
        try text.replacingOccurrences(of: "ansible_become=true\n", with: "").write(toFile: lab.inventory, atomically: true, encoding: .utf8)
        #expect(try await scour(lab, exec + ["--", "id -un"]).stdout.contains(Self.user))
        #expect(try await scour(lab, exec + ["--become", "--", "id -un"]).stdout.contains("root"))
    }

    @Test func a_wrong_become_password_or_a_sudo_that_needs_a_tty_fails_that_host_alone() async throws {
        let lab = try await LabFixture(hosts: 3, scenario: "clean", extraArguments: ["--login-user", Self.user, "--sudo", "password", "--no-root-login"])
        let hosts = lab.state.hosts.map(\.name)
        let text = try String(contentsOfFile: lab.inventory, encoding: .utf8)
        // h01's password is wrong; h02's sudo needs a terminal.
        let edited = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasPrefix(hosts[0] + " ") ? line + " ansible_become_password=wrong" : String(line)
        }.joined(separator: "\n")
        try edited.write(toFile: lab.inventory, atomically: true, encoding: .utf8)
        #expect(try await lab.tamper(try lab.state.host(named: hosts[1]), "requiretty").status == 0)

        let plan = try await scour(lab, ["plan", "Playbooks/codered-ii-linux.scour", "--format", "json"] + connection(lab))
        #expect(plan.status == 1)
        let document = try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any]
        let byName = Dictionary(uniqueKeysWithValues: (document?["hosts"] as? [[String: Any]] ?? []).map { ($0["name"] as! String, $0) })
        #expect((byName[hosts[0]]?["error"] as? String)?.contains("wrong become password") == true, "\(byName[hosts[0]] ?? [:])")
        // sudo's words about the terminal are quoted as the host's, not said in scour's voice.
        let tty = byName[hosts[1]]?["error"] as? String ?? ""
        #expect(tty.contains("sudo ended") && tty.contains("the host said: \"sudo: sorry, you must have a tty"), "\(tty)")
        #expect(byName[hosts[2]]?["status"] as? String == "planned")
        #expect(!plan.stdout.contains("scour-lab-sudo") && !plan.stderr.contains("scour-lab-sudo"), "the password is never printed")
    }
}
