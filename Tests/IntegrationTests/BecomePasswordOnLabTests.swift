import Foundation
import ScourHost
import TestSupport
import Testing

/// The become password on real sudo (docs/threat-model.md, B1, B2, B4): a wrong one costs one
/// failed try a connection in sudo's own log — not the script's first lines read as more tries
/// (with `pam_faillock deny=3`, one typo would lock the account) —, a host whose sudo never
/// prompts never receives it, even through a login shell that keeps all it is sent, and a
/// script's own "a password is required" is never taken for sudo's.
@Suite(.needs(.lab))
struct BecomePasswordOnLabTests {
    private static let user = "scourops"

    private func scour(_ lab: LabFixture, _ arguments: [String]) async throws -> ScourCLI.Result {
        try await ScourCLI.run(arguments, environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"])
    }

    private func connection(_ lab: LabFixture) -> [String] { ["-i", lab.inventory, "--known-hosts", lab.knownHosts, "--identity", lab.clientKey] }

    /// Has sudo on every host log to /root/sudo.log (the host's own /root), as BecomeOnLabTests does.
    private func logSudo(_ lab: LabFixture) throws {
        for host in lab.state.hosts {
            let path = lab.directory + "/hosts/\(host.name)/etc/sudoers.d/zz-log"
            try "Defaults logfile=/root/sudo.log\nDefaults loglinelen=0\n".write(toFile: path, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o440], ofItemAtPath: path)
        }
    }

    /// sudo's log on `host`, read from the host's private /root on this machine.
    private func sudoLog(_ lab: LabFixture, _ host: String) -> [String] {
        let text = (try? String(contentsOfFile: lab.directory + "/hosts/\(host)/root/root/sudo.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    private func setInventory(_ lab: LabFixture, _ edit: (String) -> String) throws {
        let text = try String(contentsOfFile: lab.inventory, encoding: .utf8)
        try edit(text).write(toFile: lab.inventory, atomically: true, encoding: .utf8)
    }

    @Test func a_wrong_become_password_is_tried_once_a_connection() async throws {
        let lab = try await LabFixture(hosts: 2, scenario: "clean", extraArguments: ["--login-user", Self.user, "--sudo", "password", "--no-root-login"])
        try logSudo(lab)
        try setInventory(lab) { $0.replacingOccurrences(of: "ansible_become_password=scour-lab-sudo", with: "ansible_become_password=wrong") }

        let plan = try await scour(lab, ["plan", "Playbooks/codered-ii-linux.scour", "--format", "json"] + connection(lab))
        #expect(plan.status == 1)
        let document = try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any]
        for host in document?["hosts"] as? [[String: Any]] ?? [] {
            #expect((host["error"] as? String)?.contains("wrong become password") == true, "\(host)")
        }
        let exec = try await scour(lab, ["exec"] + connection(lab) + ["--", "id -un"])
        #expect(exec.status != 0)
        #expect(exec.stdout.contains("wrong become password") || exec.stderr.contains("wrong become password"), "\(exec.stdout)\(exec.stderr)")

        for host in lab.state.hosts {
            let failures = sudoLog(lab, host.name).filter { $0.contains("incorrect password attempt") }
            // Two connections (the plan's, the exec's): one failed try each.
            #expect(failures.count == 2, "\(host.name): \(failures)")
            #expect(failures.allSatisfy { $0.contains(" 1 incorrect password attempt") }, "\(host.name): \(failures)")
        }
    }

    @Test func a_host_whose_sudo_never_prompts_never_receives_the_password() async throws {
        let lab = try await LabFixture(hosts: 1, scenario: "clean", extraArguments: ["--login-user", Self.user, "--sudo", "nopasswd", "--no-root-login"])
        let host = try #require(lab.state.hosts.first)
        // The login's shell keeps everything it is sent, then runs what it was asked to.
        let home = lab.directory + "/hosts/\(host.name)/root/home/\(Self.user)"
        try "#!/bin/sh\ntee -a /home/\(Self.user)/seen | /bin/sh \"$@\"\n"
            .write(toFile: home + "/capture-shell", atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: home + "/capture-shell")
        try Data().write(to: URL(fileURLWithPath: home + "/seen"))
        try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: home + "/seen")
        let passwd = lab.directory + "/hosts/\(host.name)/etc/passwd"
        let accounts = try String(contentsOfFile: passwd, encoding: .utf8)
        try accounts.replacingOccurrences(of: "/home/\(Self.user):/bin/bash", with: "/home/\(Self.user):/home/\(Self.user)/capture-shell")
            .write(toFile: passwd, atomically: false, encoding: .utf8)
        try setInventory(lab) { $0.replacingOccurrences(of: "ansible_become=true\n", with: "ansible_become=true\nansible_become_password=not-asked-for\n") }

        let plan = try await scour(lab, ["plan", "Playbooks/codered-ii-linux.scour"] + connection(lab))
        #expect(plan.status == 0, "\(plan.stdout)\(plan.stderr)")
        let exec = try await scour(lab, ["exec"] + connection(lab) + ["--", "id -un"])
        #expect(exec.status == 0 && exec.stdout.contains("root"), "\(exec.stdout)\(exec.stderr)")
        let seen = try String(contentsOfFile: home + "/seen", encoding: .utf8)
        #expect(seen.contains("id -un"), "the capturing shell was the login's: it saw the exec's command")
        #expect(!seen.contains("not-asked-for"), "the password never left scour")

        // A script that prints sudo's words is still a script: its stderr is its own, never a
        // reason scour gives in its voice.
        let words = try await scour(lab, ["exec"] + connection(lab) + ["--", "echo 'sudo: a password is required' >&2; exit 1"])
        #expect(words.status != 0)
        let said = words.stdout + words.stderr
        #expect(said.contains("sudo: a password is required"), "\(said)")
        #expect(!said.contains("ansible_become_password") && !said.contains("--ask-become-pass") && !said.contains("sudo ended"), "\(said)")
    }
}
