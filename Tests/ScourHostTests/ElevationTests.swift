import Foundation
import ScourCore
@testable import ScourHost
import ScourLab
import Testing

/// Become through sudo: the command lines, the refusals, and the password line — read by sudo
/// only when it asks, else dropped by the root shell unrun — run for real against a stand-in
/// `sudo` that behaves as sudo does on stdin (the lab tests use the real one).
@Suite struct ElevationTests {
    @Test func without_a_password_sudo_never_prompts() throws {
        let elevation = try POSIXShell().elevation(Become(enabled: true, user: "o'neil"))
        #expect(elevation.command == "sudo -n -H -u 'o'\\''neil' -- /bin/sh -s")
        #expect(elevation.stdin(for: "id\n") == Array("id\n".utf8))
    }

    @Test func other_methods_and_windows_are_refused_plainly() {
        #expect(throws: Elevation.Refusal.self) { try POSIXShell().elevation(Become(enabled: true, method: .unsupported("su"))) }
        #expect(throws: Elevation.Refusal.self) { try PowerShell().elevation(Become(enabled: true)) }
    }

    @Test func sudos_words_become_a_plain_reason() {
        #expect(Elevation.sudoProblem(in: "sudo: a password is required\n")?.contains("--ask-become-pass") == true)
        #expect(Elevation.sudoProblem(in: "sudo: 1 incorrect password attempt\n") == "sudo refused the become password")
        #expect(Elevation.sudoProblem(in: "sudo: sorry, you must have a tty to run sudo\n")?.contains("requiretty") == true)
        #expect(Elevation.sudoProblem(in: "ls: cannot access\n") == nil)
    }

    /// Runs `script` through the password wrapper with a stand-in sudo on PATH.
    private func run(_ script: String, password: String, sudoNeedsPassword: Bool, expected: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scour-sudo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try """
            #!/bin/sh
            mode=n
            while [ $# -gt 0 ]; do case "$1" in -n) mode=n;; -S) mode=S;; -p|-u) shift;; -H) ;; --) shift; break;; *) break;; esac; shift; done
            if [ "$mode" = n ] && [ "$NEEDPW" = 1 ]; then echo "sudo: a password is required" >&2; exit 1; fi
            if [ "$mode" = S ] && [ "$NEEDPW" = 1 ]; then IFS= read -r pw; [ "$pw" = "$WANT" ] || { echo "sudo: 1 incorrect password attempt" >&2; exit 1; }; fi
            exec "$@"
            """.write(toFile: folder + "/sudo", atomically: true, encoding: .utf8)
        chmod(folder + "/sudo", 0o755)
        let elevation = try POSIXShell().elevation(Become(enabled: true, password: Secret(password)))
        let result = try LocalCommand("/bin/sh", ["-c", elevation.command]).run(
            stdin: Data(elevation.stdin(for: script)),
            environment: ["PATH": folder + ":/usr/bin:/bin", "NEEDPW": sudoNeedsPassword ? "1" : "0", "WANT": expected])
        return (result.status, result.stdout, result.stderr)
    }

    @Test func a_password_goes_to_sudo_when_it_asks_and_the_script_runs_whole() throws {
        let result = try run("echo one\necho two\n", password: "s3cret line", sudoNeedsPassword: true, expected: "s3cret line")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "one\ntwo\n")
    }

    @Test func a_password_sudo_does_not_ask_for_never_reaches_the_shell() throws {
        let result = try run("echo one\n", password: "hunter2", sudoNeedsPassword: false, expected: "")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "one\n")
        #expect(!result.stderr.contains("hunter2"), "the password line was not run as a command")
    }

    @Test func a_password_that_is_the_script_start_line_itself_still_runs_the_script_whole() throws {
        for needed in [true, false] {
            let result = try run("echo one\n", password: Elevation.scriptStart, sudoNeedsPassword: needed, expected: Elevation.scriptStart)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "one\n")
        }
    }

    @Test func sudo_runs_once_a_script_in_both_variants() throws {
        let withPassword = try POSIXShell().elevation(Become(enabled: true, password: Secret("p")))
        let without = try POSIXShell().elevation(Become(enabled: true))
        for command in [withPassword.command, without.command] {
            #expect(command.components(separatedBy: "sudo ").count == 2, "\(command)")
        }
    }

    @Test func uploads_go_to_fresh_unguessable_names_in_the_sticky_tmp() throws {
        let elevation = try POSIXShell().elevation(Become(enabled: true))
        let (one, two) = (elevation.uploadPath(for: "c1c9-ms01-033.sh"), elevation.uploadPath(for: "c1c9-ms01-033.sh"))
        #expect(one != two)
        for path in [one, two] {
            #expect(path.hasPrefix("/tmp/.scour-upload-") && path.hasSuffix("-c1c9-ms01-033.sh"), "\(path)")
            #expect(path.count == "/tmp/.scour-upload-".count + 24 + "-c1c9-ms01-033.sh".count, "a 24-character random token")
        }
    }

    @Test func a_wrong_password_fails_with_sudos_words() throws {
        let result = try run("echo one\n", password: "wrong", sudoNeedsPassword: true, expected: "right")
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(Elevation.sudoProblem(in: result.stderr) == "sudo refused the become password")
    }
}
