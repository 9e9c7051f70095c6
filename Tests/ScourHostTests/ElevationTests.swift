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
        let stop = try #require(one.stop)
        // A /bin/sh says its id, then becomes sudo: the sudo line of old, quoted once more.
        let sudo = "sudo -S -p '\(prompt)' -H -u 'root' -- /bin/sh -c 'echo \(one.ready); exec /bin/sh -s'"
        #expect(one.command == "/bin/sh -c " + ShellQuote.posix("echo \(stop.announcement) $$; exec " + sudo))
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
        // With a password, the process that becomes sudo first says its id (`SudoStop`).
        if let stop = elevation.stop {
            let announced = result.stdout.split(separator: "\n").first ?? ""
            #expect(announced.hasPrefix(stop.announcement + " ") && Int32(announced.dropFirst(stop.announcement.count + 1)) != nil)
        }
        #expect(result.stdout.hasSuffix(elevation.ready + "\none\ntwo\n"))
        #expect(result.stdout.split(separator: "\n").count == (password == nil ? 3 : 4))
    }

    /// The stop command kills the process whose id it reads only if its command line holds the
    /// elevation's prompt: a sudo of this elevation, not whatever took its id.
    @Test func the_stop_command_kills_only_this_elevations_sudo() async throws {
        let elevation = try POSIXShell().elevation(Become(enabled: true, password: Secret("p")))
        let (prompt, stop) = try (#require(elevation.prompt), #require(elevation.stop))
        #expect(elevation.command.contains("echo \(stop.announcement) $$; exec sudo "))
        for (argument, killed) in [(prompt, true), ("[scour-sudo-other] ", false)] {
            // A stand-in waiting with the prompt (or another) among its arguments, as sudo at its prompt.
            let waiting = Process()
            waiting.executableURL = URL(fileURLWithPath: "/bin/sh")
            waiting.arguments = ["-c", "read -r never", "sh", argument]
            waiting.standardInput = Pipe()
            try waiting.run()
            let result = try await LocalCommand("/bin/sh", ["-c", stop.command]).run(stdin: Data("\(waiting.processIdentifier)\n".utf8))
            #expect(result.succeeded == killed, "\(argument): \(result.stderr)")
            if !killed {
                #expect(waiting.isRunning)
                kill(waiting.processIdentifier, SIGKILL)
            }
            waiting.waitUntilExit()
            #expect(waiting.terminationReason == .uncaughtSignal && waiting.terminationStatus == SIGKILL)
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
}
