import Foundation
import ScourHost
import TestSupport
import Testing

/// The become password on real sudo (docs/threat-model.md, B1, B2, B4): a wrong one costs one
/// failed try a connection in PAM's own record (`pam_faillock`'s tally, `deny=3`) — not the
/// script's first lines read as more tries, nor a second round ended by a closed input — so
/// two connections never lock the account; a host whose sudo never prompts never receives
/// it, even through a login shell that keeps all it is sent, and a script's own "a password
/// is required" is never taken for sudo's.
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

    /// sudo's PAM stack on a lab host with `pam_faillock` (preauth, authfail, authsucc; `deny=3`)
    /// as its documentation gives it, tallies in the host's own /run/scour-lab/faillock.
    private static let faillockStack = """
        auth     required                 pam_faillock.so preauth dir=/run/scour-lab/faillock deny=3 unlock_time=600
        auth     [success=1 default=bad]  pam_unix.so
        auth     [default=die]            pam_faillock.so authfail dir=/run/scour-lab/faillock deny=3 unlock_time=600
        auth     sufficient               pam_faillock.so authsucc dir=/run/scour-lab/faillock deny=3 unlock_time=600
        auth     required                 pam_deny.so
        account  required                 pam_faillock.so dir=/run/scour-lab/faillock
        account  required                 pam_unix.so
        session  required                 pam_limits.so
        @include common-session-noninteractive

        """

    /// Puts `faillockStack` over every host's /etc/pam.d/sudo (a bind mount in the host's own
    /// mounts, made through the login's sudo with the right password: before any wrong one).
    private func useFaillock(_ lab: LabFixture) async throws {
        let stack = lab.directory + "/pam-sudo-faillock"
        try Self.faillockStack.write(toFile: stack, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: stack)
        let bind = "mkdir -p /run/scour-lab/faillock && mount --bind \(ShellQuote.posix(stack)) /etc/pam.d/sudo"
        for host in lab.state.hosts {
            let done = try await lab.fleetSSH(host, "echo scour-lab-sudo | sudo -S -p '' /bin/sh -c \(ShellQuote.posix(bind))")
            #expect(done.status == 0, "\(host.name): \(done.stderr)")
        }
    }

    /// `pam_faillock`'s tally of failed tries for the login on `host`: one line each (`faillock`,
    /// reading the host's tally folder from this machine).
    private func failedTries(_ lab: LabFixture, _ host: String) async throws -> [String] {
        let folder = lab.directory + "/hosts/\(host)/root/run/scour-lab/faillock"
        let tally = try await runProcess("/usr/sbin/faillock", ["--dir", folder, "--user", Self.user])
        #expect(tally.status == 0, "\(tally.stderr)")
        return tally.stdout.split(separator: "\n").map(String.init).filter { $0.contains(" SVC ") && $0.contains(" sudo ") }
    }

    private func setInventory(_ lab: LabFixture, _ edit: (String) -> String) throws {
        let text = try String(contentsOfFile: lab.inventory, encoding: .utf8)
        try edit(text).write(toFile: lab.inventory, atomically: true, encoding: .utf8)
    }

    @Test func a_wrong_become_password_is_tried_once_a_connection() async throws {
        let lab = try await LabFixture(hosts: 2, scenario: "clean", extraArguments: ["--login-user", Self.user, "--sudo", "password", "--no-root-login"])
        try logSudo(lab)
        try await useFaillock(lab)
        let right = try String(contentsOfFile: lab.inventory, encoding: .utf8)
        let wrong = right.replacingOccurrences(of: "ansible_become_password=scour-lab-sudo", with: "ansible_become_password=wrong")
        #expect(wrong != right)
        try wrong.write(toFile: lab.inventory, atomically: true, encoding: .utf8)

        // Two connections (two plans): one failed try each in PAM's tally — with sudo's second
        // round ended by a closed input there would be four, and `deny=3` would lock the account.
        for connections in 1...2 {
            let plan = try await scour(lab, ["plan", "Playbooks/codered-ii-linux.scour", "--format", "json"] + connection(lab))
            #expect(plan.status == 1)
            let document = try JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any]
            let hosts = document?["hosts"] as? [[String: Any]] ?? []
            #expect(hosts.count == 2)
            for host in hosts {
                #expect((host["error"] as? String)?.contains("wrong become password") == true, "\(host)")
            }
            for host in lab.state.hosts {
                #expect(try await failedTries(lab, host.name).count == connections, "\(host.name) after \(connections) connections")
            }
        }

        // Not locked: the right password still lets the login in (and `authsucc` clears the tally).
        try right.write(toFile: lab.inventory, atomically: true, encoding: .utf8)
        let fine = try await scour(lab, ["exec"] + connection(lab) + ["--", "id -un"])
        #expect(fine.status == 0 && fine.stdout.contains("root"), "\(fine.stdout)\(fine.stderr)")
        for host in lab.state.hosts { #expect(try await failedTries(lab, host.name).isEmpty, "\(host.name)") }

        try wrong.write(toFile: lab.inventory, atomically: true, encoding: .utf8)
        let exec = try await scour(lab, ["exec"] + connection(lab) + ["--", "id -un"])
        #expect(exec.status != 0)
        #expect(exec.stdout.contains("wrong become password") || exec.stderr.contains("wrong become password"), "\(exec.stdout)\(exec.stderr)")
        for host in lab.state.hosts {
            #expect(try await failedTries(lab, host.name).count == 1, "\(host.name): one try for the exec's connection")
            // sudo's own log has the right password's command, and never a count of failed
            // tries: sudo is killed at its second prompt, before it writes one.
            let log = sudoLog(lab, host.name)
            #expect(log.contains { $0.contains("COMMAND=/bin/sh -c 'echo scour-ready-") }, "\(host.name): \(log)")
            #expect(!log.contains { $0.contains("incorrect password attempt") }, "\(host.name): \(log)")
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
