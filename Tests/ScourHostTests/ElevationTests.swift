import Foundation
import ScourCore
@testable import ScourHost
import ScourLab
import Testing

/// Become through sudo: the command lines — a fresh prompt and ready line each, the password
/// never on them — and the refusals; the root shell's ready line run for real behind a stand-in
/// `sudo` (the lab tests use the real one, the SSH tests the handshake).
@Suite struct ElevationTests {
    @Test func without_a_password_sudo_never_prompts() throws {
        let elevation = try POSIXShell().elevation(Become(enabled: true, user: "o'neil"))
        #expect(elevation.prompt == nil && elevation.password == nil)
        #expect(elevation.command == "sudo -n -H -u 'o'\\''neil' -- /bin/sh -c 'echo \(elevation.ready); exec /bin/sh -s'")
    }

    @Test func with_a_password_sudo_prompts_with_a_fresh_random_prompt() throws {
        let one = try POSIXShell().elevation(Become(enabled: true, password: Secret("hunter2")))
        let two = try POSIXShell().elevation(Become(enabled: true, password: Secret("hunter2")))
        let prompt = try #require(one.prompt)
        #expect(one.command == "sudo -S -p '\(prompt)' -H -u 'root' -- /bin/sh -c 'echo \(one.ready); exec /bin/sh -s'")
        #expect(prompt.hasPrefix("[scour-sudo-") && !prompt.contains("%"), "no sudo escapes: the prompt arrives as written")
        #expect(one.prompt != two.prompt && one.ready != two.ready)
        #expect(!one.command.contains("hunter2"))
    }

    @Test func other_methods_and_windows_are_refused_plainly() {
        #expect(throws: Elevation.Refusal.self) { try POSIXShell().elevation(Become(enabled: true, method: .unsupported("su"))) }
        #expect(throws: Elevation.Refusal.self) { try PowerShell().elevation(Become(enabled: true)) }
    }

    @Test(arguments: [nil, "s3cret"])
    func the_shell_sudo_starts_says_it_is_ready_before_it_reads_a_script(password: String?) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scour-sudo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try """
            #!/bin/sh
            while [ $# -gt 0 ]; do case "$1" in -n|-S|-H) ;; -p|-u) shift;; --) shift; break;; *) break;; esac; shift; done
            exec "$@"
            """.write(toFile: folder + "/sudo", atomically: true, encoding: .utf8)
        chmod(folder + "/sudo", 0o755)
        let elevation = try POSIXShell().elevation(Become(enabled: true, password: password.map(Secret.init)))
        let result = try LocalCommand("/bin/sh", ["-c", elevation.command]).run(
            stdin: Data("echo one\necho two\n".utf8), environment: ["PATH": folder + ":/usr/bin:/bin"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == elevation.ready + "\none\ntwo\n")
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
}
