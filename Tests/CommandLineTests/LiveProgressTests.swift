import Foundation
import Testing
import TestSupport

/// `plan` and `apply` on a terminal (a pty from script(1)) show live progress — hosts done of
/// all and failures so far, from the start — and never a "wave 0"; `plan` is quiet when its
/// output is not a terminal.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1)"))
struct LiveProgressTests {
    /// What a terminal running `scour ARGUMENTS` receives, and scour's exit status.
    private static func onTerminal(_ arguments: [String]) async throws -> ScourCLI.Result {
        // NO_COLOR (which a test runner may set) would turn the live view off.
        let command = (["/usr/bin/env", "-u", "NO_COLOR", ScourCLI.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        return try await runProcess("/usr/bin/script", ["-qec", command, "/dev/null"],
                                    environment: ["SCOUR_RUNS_DIR": ScourCLI.runsDirectory, "TERM": "xterm"])
    }

    @Test func plan_shows_hosts_done_and_failures_on_a_terminal_only() async throws {
        let folder = try unreachableHostFolder("progress")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let arguments = ["plan", folder + "/p.scour", "-i", folder + "/hosts.ini", "--no-ssh-config"]
        let screen = try await Self.onTerminal(arguments)
        #expect(screen.status == 1, "\(screen.stdout)")
        #expect(screen.stdout.contains("0/1 hosts  unreachable 0  failed 0"), "shown from the start: \(screen.stdout)")
        #expect(screen.stdout.contains("in flight: web1"), "\(screen.stdout)")
        #expect(screen.stdout.contains("1/1 hosts  unreachable 1  failed 0"), "\(screen.stdout)")

        let piped = try await ScourCLI.run(arguments)
        #expect(piped.status == 1)
        #expect(!piped.stderr.contains("probing") && !piped.stdout.contains("probing"), "\(piped.stderr)")
    }

    @Test func the_apply_live_view_numbers_waves_from_one() async throws {
        let folder = try unreachableHostFolder("progress")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let screen = try await Self.onTerminal(["apply", folder + "/p.scour", "-i", folder + "/hosts.ini", "--no-ssh-config",
                                                "--runs-dir", folder + "/runs"])
        #expect(screen.stdout.contains("wave 1"), "\(screen.stdout)")
        #expect(!screen.stdout.contains("wave 0"), "\(screen.stdout)")
    }
}
