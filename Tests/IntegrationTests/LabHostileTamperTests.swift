import Foundation
import ScourLab
import TestSupport
import Testing

/// The hostile-user modes of `scour lab tamper`: each leaves on the host exactly what it says,
/// seen with plain OpenSSH as root, and its undo takes it away. (What Scour makes of them is
/// tested where each defence lives.)
@Suite(.needs(.lab))
struct LabHostileTamperTests {
    private func lab() async throws -> (LabFixture, LabState.Host) {
        let lab = try await LabFixture(hosts: 1, scenario: "clean")
        return (lab, lab.state.hosts[0])
    }

    private func expectApplied(_ result: ScourCLI.Result, _ words: String) {
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("lab tamper: ") && result.stdout.contains(words), "\(result.stdout)")
    }

    @Test func tab_name_puts_a_name_holding_a_tab_beside_the_worms() async throws {
        let (lab, host) = try await lab()
        expectApplied(try await lab.tamper(host, "tab-name"), "root<TAB>.exe")
        let listed = try await lab.ssh(host, "for f in /var/www/scripts/*.exe; do printf '%s|' \"$f\"; done")
        #expect(listed.stdout == "/var/www/scripts/root\t.exe|", "\(listed.stdout.debugDescription)")
        #expect(try await lab.lab(["status"]).stdout.contains("tab-name"), "status names the mode")
        #expect(try await lab.tamper(host, "tab-name", ["--undo"]).status == 0)
        #expect(try await lab.ssh(host, "test -e /var/www/scripts").status == 1, "the folder it made is gone too")
    }

    @Test func dir_php_puts_a_folder_named_like_a_script_beside_the_shells() async throws {
        let (lab, host) = try await lab()
        expectApplied(try await lab.tamper(host, "dir-php"), "/var/www/html/uploads/dir.php")
        #expect(try await lab.ssh(host, "test -d /var/www/html/uploads/dir.php && test -f /var/www/html/uploads/dir.php/index.html").status == 0)
        #expect(try await lab.tamper(host, "none").status == 0)
        #expect(try await lab.ssh(host, "test -e /var/www/html/uploads").status == 1)
    }

    @Test func fifo_swap_turns_a_globbed_name_into_a_fifo_and_back() async throws {
        let (lab, host) = try await lab()
        expectApplied(try await lab.tamper(host, "fifo-swap"), "/etc/cron.d/zz-scour-swap")
        // Sampled every 0.1 s for 3 s: a FIFO and a regular file by turns, never hanging this test.
        let sampled = try await lab.ssh(host, "for i in $(seq 30); do stat -c %F /etc/cron.d/zz-scour-swap 2>/dev/null; sleep 0.1; done | sort -u")
        #expect(sampled.stdout.contains("fifo") && sampled.stdout.contains("regular"), "\(sampled.stdout)")
        #expect(try await lab.tamper(host, "fifo-swap", ["--undo"]).status == 0)
        #expect(try await lab.ssh(host, "sleep 1; test -e /etc/cron.d/zz-scour-swap").status == 1, "the loop is stopped and its name gone")
    }

    @Test func cr_key_ends_the_attackers_key_line_in_cr() async throws {
        let (lab, host) = try await lab()
        let before = try await lab.ssh(host, "sha256sum < /root/.ssh/authorized_keys").stdout
        let beforeBytes = try await lab.ssh(host, "od -c /root/.ssh/authorized_keys | tail -4")
        expectApplied(try await lab.tamper(host, "cr-key"), "ends in CR")
        let line = try await lab.ssh(host, "grep -c \"$(printf ' x@kworker\\r')$\" /root/.ssh/authorized_keys")
        #expect(line.stdout == "1\n", "one key line ending in CR: \(line.stdout) \(line.stderr)")
        #expect(try await lab.ssh(host, "true").status == 0, "the lab's own key still logs in")
        #expect(try await lab.tamper(host, "cr-key", ["--undo"]).status == 0)
        let after = try await lab.ssh(host, "sha256sum < /root/.ssh/authorized_keys; od -c /root/.ssh/authorized_keys | tail -4")
        #expect(after.stdout.hasPrefix(before), "the keys as they were: \(beforeBytes.stdout) → \(after.stdout)")
    }

    @Test func lock_down_closes_the_worms_folders_and_runs_a_miner_as_nobody() async throws {
        let (lab, host) = try await lab()
        #expect(try await lab.ssh(host, "mkdir -p /var/www/scripts && chmod 755 /var/www/scripts && touch /var/www/scripts/root.exe").status == 0)
        expectApplied(try await lab.tamper(host, "lock-down"), "0700 root")
        #expect(try await lab.ssh(host, "stat -c '%a %U' /var/www/scripts").stdout == "700 root\n")
        let miner = try await lab.ssh(host, "ps -o user=,args= -C kworkerds")
        #expect(miner.stdout.contains("nobody") && miner.stdout.contains("stratum+tcp://pool.invalid:3333"), "\(miner.stdout)")
        let undone = try await lab.tamper(host, "none")
        #expect(undone.status == 0, "\(undone.stderr)")
        #expect(try await lab.ssh(host, "stat -c '%a %U' /var/www/scripts").stdout == "755 root\n", "the folder's mode given back")
        let after = try await lab.ssh(host, "sleep 0.5; ps -o pid=,stat=,user=,args= -C kworkerds | grep -v ' Z'")
        #expect(after.stdout.isEmpty, "the miner stopped: \(after.stdout)")
    }
}
