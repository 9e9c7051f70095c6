import Foundation
import ScourEngine
import ScourHost
import ScourLab
import ScourSSH
import TestSupport
import Testing

/// `scour lab tamper`: each mode really makes the host lie, seen with plain OpenSSH and the
/// host's files, independently of Scour; the other host stays honest; `none` undoes it. (That
/// Scour resists the lies is tested where each defence lives.)
@Suite(.needs(.lab))
struct LabTamperTests {
    /// A two-host clean lab: h01 to tamper with, h02 to show the others are untouched.
    private func lab() async throws -> (LabFixture, LabState.Host, LabState.Host) {
        let lab = try await LabFixture(hosts: 2, scenario: "clean")
        return (lab, lab.state.hosts[0], lab.state.hosts[1])
    }

    private func expectHonest(_ lab: LabFixture, _ host: LabState.Host, _ comment: Comment) async throws {
        let answer = try await lab.ssh(host, "echo ok; echo err >&2")
        #expect(answer.stdout == "ok\n" && answer.stderr == "err\n", "\(comment): \(answer.stdout) \(answer.stderr)")
    }

    private func expectApplied(_ result: ScourCLI.Result) {
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("lab tamper: "), "\(result.stdout)")
    }

    /// `ssh host COMMAND | head -c LIMIT | wc -c`: how much of an answer arrives, at most LIMIT.
    private func answerBytes(_ lab: LabFixture, _ host: LabState.Host, _ command: String, limit: Int) async throws -> Int {
        let ssh = (["/usr/bin/ssh"] + lab.sshArguments(host) + [command]).map(ShellQuote.posix).joined(separator: " ")
        let counted = try await runProcess("/bin/sh", ["-c", "\(ssh) 2>/dev/null | head -c \(limit) | wc -c"])
        return Int(counted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func flood_answers_every_command_endlessly_even_after_a_reboot() async throws {
        let (lab, tampered, other) = try await lab()
        expectApplied(try await lab.tamper(tampered, "flood"))
        expectApplied(try await lab.tamper(tampered, "symlinks", ["--pids", "1"]))
        let status = try await lab.lab(["status"]).stdout.split(separator: "\n").map { $0.split(separator: " ").last.map(String.init) }
        #expect(status.suffix(2) == ["flood,symlinks", "-"], "lab status shows the modes in effect")
        #expect(try await answerBytes(lab, tampered, "true", limit: 1 << 20) == 1 << 20, "`ssh host true` gives 1 MiB and more")
        try await expectHonest(lab, other, "the other host")

        #expect(try await lab.lab(["power", "reboot", tampered.name]).status == 0)
        try await Task.sleep(for: .seconds(1))
        var flooding = false
        let deadline = ContinuousClock.now + .seconds(60)
        while !flooding && ContinuousClock.now < deadline {
            flooding = try await answerBytes(lab, tampered, "true", limit: 4096) == 4096
            if !flooding { try await Task.sleep(for: .milliseconds(300)) }
        }
        #expect(flooding, "the flood is back after a reboot")

        expectApplied(try await lab.tamper(tampered, "none"))
        try await expectHonest(lab, tampered, "after none")
        #expect(try await lab.lab(["status"]).stdout.split(separator: "\n").dropFirst(2).allSatisfy { $0.hasSuffix("  -") }, "no mode left")
    }

    @Test func escape_wraps_every_answer_in_escapes_forged_lines_and_a_bidi_override() async throws {
        let (lab, tampered, other) = try await lab()
        expectApplied(try await lab.tamper(tampered, "escape"))
        let answer = try await lab.ssh(tampered, "echo hi; echo oops >&2; exit 3")
        #expect(answer.status == 3, "the command still runs, with its exit status")
        #expect(answer.stdout.hasPrefix("\u{1B}[1A\u{1B}[2K"), "\(answer.stdout.debugDescription)")
        #expect(answer.stdout.contains("h01 wave 1 nothing to change"))
        #expect(answer.stdout.unicodeScalars.contains("\u{202E}"))
        #expect(answer.stdout.hasSuffix("\nhi\n"))
        #expect(answer.stderr.hasPrefix("\u{1B}[1A\u{1B}[2Kh01 wave 1 nothing to change\n\u{202E}\n"), "\(answer.stderr.debugDescription)")
        #expect(answer.stderr.hasSuffix("oops\n"))
        try await expectHonest(lab, other, "the other host")

        #expect(try await lab.tamper(tampered, "escape", ["--undo"]).status == 0)
        try await expectHonest(lab, tampered, "after --undo")
    }

    @Test func forge_glob_adds_a_match_outside_the_pattern_to_a_well_formed_answer() async throws {
        let (lab, tampered, other) = try await lab()
        expectApplied(try await lab.tamper(tampered, "forge-glob"))
        let items: [ProbeItem] = [.facts, .glob(pattern: "/var/www/uploads/*.php", maxMatches: 100)]
        for host in [tampered, other] {
            #expect(try await lab.ssh(host, "mkdir -p /var/www/uploads && echo '<?php' > /var/www/uploads/shell.php").status == 0)
            let nonce = ProbeScript.makeNonce()
            let probe = ProbeScript.render(items, platform: .linux, nonce: nonce)
            let answer = try await lab.ssh(host, probe.command, stdin: Data(try #require(probe.stdin)))
            #expect(answer.status == 0, "\(answer.stderr)")
            let lines = answer.stdout.split(separator: "\n").map(String.init)
            let forged = host == tampered
            #expect(lines.contains("1 count =\(forged ? 2 : 1)"), "\(host.name): \(lines)")
            #expect(lines.contains("1 0.path =/var/www/uploads/shell.php"))
            #expect(lines.contains("1 1.path =/opt/legit-app.bin") == forged)
            #expect(lines.contains { $0.hasPrefix("1 1.sha256 =") } == forged, "the forged match carries its real hash")
            #expect(lines.first == "SCOUR-PROBE 1 \(nonce)")
            #expect(lines.last == "SCOUR-END \(nonce) \(lines.count - 2)", "\(host.name): the record count still adds up")
        }
        #expect(try await lab.ssh(tampered, "test -f /opt/legit-app.bin").status == 0, "the forged match exists")

        expectApplied(try await lab.tamper(tampered, "none"))
        #expect(try await lab.ssh(tampered, "test -e /opt/legit-app.bin").status == 1)
        try await expectHonest(lab, tampered, "after none")
    }

    @Test func manifest_gains_an_entry_restoring_an_attacker_key_setuid() async throws {
        let (lab, tampered, other) = try await lab()
        let refused = try await lab.tamper(other, "manifest")
        #expect(refused.status != 0 && refused.stderr.contains("has no quarantine manifest"), "\(refused.stderr)")

        let quarantine = "/var/lib/scour/quarantine/20261201-000000-abcd"
        let genuine = #"{"path_base64":"L29wdC9leHBsb3Jlci5leGU=","size":5,"mode":"644","owner":"root","group":"root","mtime":1,"sha256":"-","step":"backdoors","stored_as":"1-0"}"#
        let seeded = try await lab.ssh(tampered, "mkdir -p \(quarantine) && printf '%s\\n' \(ShellQuote.posix(genuine)) > \(quarantine)/manifest.jsonl")
        #expect(seeded.status == 0, "\(seeded.stderr)")
        expectApplied(try await lab.tamper(tampered, "manifest"))

        let text = try await lab.ssh(tampered, "cat \(quarantine)/manifest.jsonl").stdout
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 2 && lines.first == genuine, "\(text)")
        let entry = try #require(try JSONSerialization.jsonObject(with: Data((lines.last ?? "").utf8)) as? [String: Any])
        #expect(entry["path_base64"] as? String == Data("/root/.ssh/authorized_keys".utf8).base64EncodedString())
        #expect(entry["mode"] as? String == "4755")
        #expect(entry["step"] as? String == "backdoors")
        let storedAs = try #require(entry["stored_as"] as? String)
        #expect(storedAs.hasPrefix("../"))
        let stored = try await lab.ssh(tampered, "cd \(quarantine) && readlink -f \(ShellQuote.posix(storedAs)) && sha256sum < \(ShellQuote.posix(storedAs))")
        #expect(stored.stdout.hasPrefix("/root/attacker-key\n"), "stored_as climbs out of the quarantine: \(stored.stdout)")
        #expect(stored.stdout.contains(try #require(entry["sha256"] as? String)), "and its hash is the attacker file's")

        expectApplied(try await lab.tamper(tampered, "manifest", ["--undo"]))
        #expect(try await lab.ssh(tampered, "cat \(quarantine)/manifest.jsonl").stdout == genuine + "\n")
        #expect(try await lab.ssh(tampered, "test -e /root/attacker-key").status == 1)
    }

    @Test func symlinks_wait_at_scours_temporary_names_owned_by_nobody() async throws {
        let (lab, tampered, other) = try await lab()
        let run = "20261201-101010-beef"
        expectApplied(try await lab.tamper(tampered, "symlinks", ["--run", run, "--pids", "50"]))
        let staged = "/etc/apache2/sites-enabled/.000-default.conf.scour-\(run)"
        let seen = try await lab.ssh(tampered, """
            stat -c '%U %a' /root/victim; stat -c '%U' /etc/apache2/sites-enabled /opt
            readlink \(staged); stat -c '%U' \(staged)
            ls -A /var/www/msadc | grep -c '^\\.scour-restore-[0-9]*-[0-3]$'
            [ -L /opt/.scour-restore-$$-0 ] && echo "this shell's pid is covered"
            su nobody -s /bin/sh -c 'cat /root/victim' 2>/dev/null || echo 'nobody cannot read the victim'
            """)
        #expect(seen.stdout.split(separator: "\n") == [
            "root 600", "nobody", "nobody", "/root/victim", "nobody", "200", "this shell's pid is covered", "nobody cannot read the victim",
        ], "\(seen.stdout) \(seen.stderr)")
        #expect(try await lab.ssh(other, "ls -A /etc/apache2/sites-enabled; test -e /root/victim").stdout == "000-default.conf\n")

        let wrongVictim = try await lab.tamper(tampered, "symlinks", ["--victim", "/etc/shadow"])
        #expect(wrongVictim.status != 0 && wrongVictim.stderr.contains("inside one of the host's own folders"), "\(wrongVictim.stderr)")

        expectApplied(try await lab.tamper(tampered, "none"))
        let after = try await lab.ssh(tampered, "ls -A /etc/apache2/sites-enabled /opt; stat -c '%U' /etc/apache2/sites-enabled; test -e /root/victim || echo gone")
        #expect(after.stdout == "/etc/apache2/sites-enabled:\n000-default.conf\n\n/opt:\nroot\ngone\n", "\(after.stdout)")
    }
}
