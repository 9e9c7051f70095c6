import Foundation
import Testing
import TestSupport

/// Every subcommand's `--help`, and bad flag values, as a user meets them: help exits 0 and
/// prints usage; a usage error exits 64 (EX_USAGE, docs/cli.md) and says what was wrong.
@Suite struct CommandLineUsageTests {
    static let subcommands: [[String]] = [
        ["check"], ["plan"], ["apply"], ["resume"], ["status"], ["runs"], ["restore"], ["report"], ["explain"],
        ["fmt"], ["exec"], ["lab"], ["lab", "up"], ["lab", "down"], ["lab", "power"], ["lab", "status"],
    ]

    @Test(arguments: subcommands)
    func help_works_for(_ subcommand: [String]) async throws {
        for flag in ["--help", "-h"] {
            let result = try await ScourCLI.run(subcommand + [flag])
            #expect(result.status == 0, "scour \(subcommand.joined(separator: " ")) \(flag): \(result.stderr)")
            #expect(result.stdout.contains("USAGE: scour \(subcommand.joined(separator: " "))"), "\(result.stdout)")
            #expect(!result.stderr.contains("Error"), "\(result.stderr)")
        }
    }

    static let playbook = "Playbooks/codered-ii-linux.scour"

    static let badValues: [(arguments: [String], says: String)] = [
        (["apply", playbook, "-i", "inventory.ini", "--pause", "forever"], "--pause takes a duration (30s) or manual, not 'forever'"),
        (["apply", playbook, "-i", "inventory.ini", "--step-timeout", "5parsecs"], "'5parsecs' is invalid for '--step-timeout"),
        (["apply", playbook, "-i", "inventory.ini", "--step-timeout", "0s"], "--step-timeout must be positive"),
        (["apply", playbook, "-i", "inventory.ini", "--waves", "1,50%"], "--waves takes cumulative counts"),
        (["plan", playbook, "-i", "inventory.ini", "--max-failures", "lots"], "'lots' is invalid for '--max-failures"),
        (["plan", playbook, "-i", "inventory.ini", "--format", "yaml"], "'yaml' is invalid for '--format"),
        (["plan", playbook], "Missing expected argument '--inventory"),
        (["exec", "-i", "inventory.ini", "--timeout", "soon", "--", "true"], "'soon' is invalid for '--timeout"),
        (["exec", "-i", "inventory.ini", "--connect-timeout", "0s", "--", "true"], "--connect-timeout must be positive"),
        // A mistyped flag is refused, never run on the hosts as part of the command.
        (["exec", "-i", "inventory.ini", "--bogus", "--", "true"], "Unknown option '--bogus'"),
        (["exec", "-i", "inventory.ini", "true"], "give the command to run after --"),
        (["report", "some-run", "--format", "pdf"], "'pdf' is invalid for '--format"),
    ]

    @Test(arguments: badValues)
    func a_bad_value_exits_64(_ arguments: [String], says message: String) async throws {
        let result = try await ScourCLI.run(arguments)
        #expect(result.status == 64, "scour \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
