import Foundation
import Testing
import TestSupport

/// `--ask-key-passphrase` on a real terminal (a pty from script(1)): asked once, not echoed,
/// and the encrypted key then logs in. Without a terminal it is a usage error, never a read
/// of stdin.
@Suite(.needs(.sshd), .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1)"))
struct KeyPassphraseCommandLineTests {
    @Test func the_passphrase_is_asked_on_the_terminal_without_echo() async throws {
        let server = try await LoopbackSSHServer()
        let inventory = server.directory.appendingPathComponent("hosts.ini").path
        try "h1 ansible_host=127.0.0.1 ansible_port=\(server.port) ansible_user=root\n".write(toFile: inventory, atomically: true, encoding: .utf8)
        let command = [ScourCLI.executable.path, "exec", "-i", inventory, "--known-hosts", server.knownHostsFile, "--no-ssh-config",
                       "--identity", server.encryptedKey, "--ask-key-passphrase", "--", "echo", "unlocked"].joined(separator: " ")
        // The answer is typed once the prompt is up, as a person would: script(1) reads a FIFO
        // that is written only after the prompt shows in its output (at most 60 s of waiting).
        let fifo = server.directory.appendingPathComponent("typed").path
        let screen = server.directory.appendingPathComponent("screen").path
        let typed = """
            mkfifo '\(fifo)' && { /usr/bin/script -qec '\(command)' /dev/null < '\(fifo)' > '\(screen)' & } && exec 3> '\(fifo)'
            tries=0
            until grep -q 'Passphrase for the key files' '\(screen)' || [ $tries -ge 600 ]; do sleep 0.1; tries=$((tries + 1)); done
            printf '%s\\n' '\(server.encryptedKeyPassphrase)' >&3; exec 3>&-
            wait $!; status=$?; cat '\(screen)'; exit $status
            """
        let result = try await runProcess("/bin/sh", ["-c", typed])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("Passphrase for the key files: "))
        #expect(result.stdout.contains("unlocked"))
        #expect(!result.stdout.contains(server.encryptedKeyPassphrase), "the passphrase was echoed")

        // setsid: no controlling terminal, even when the tests run in one.
        let noTerminal = try await runProcess("/usr/bin/setsid", ["-w", ScourCLI.executable.path, "exec", "-i", inventory, "--known-hosts",
                                                            server.knownHostsFile, "--no-ssh-config", "--ask-key-passphrase", "--", "true"])
        #expect(noTerminal.status == 64)
        #expect(noTerminal.stderr.contains("--ask-key-passphrase needs a terminal"), "\(noTerminal.stderr)")
    }
}
