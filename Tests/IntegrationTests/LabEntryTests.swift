import Foundation
import Testing
import TestSupport

/// `scour lab exec` and `scour lab shell` enter a lab host as its own processes run: its files,
/// hostname, network and PID namespace, with the command's exit status.
@Suite(.needs(.lab))
struct LabEntryTests {
    @Test func exec_and_shell_run_inside_the_host() async throws {
        let lab = try await LabFixture(hosts: 2)
        let infected = try #require(lab.state.hosts.first { $0.infected })
        let inside = try await ScourCLI.run(["lab", "exec", infected.name, "--dir", lab.directory, "--",
                                             "hostname; ls /var/www/scripts/root.exe; ip -o -4 addr show dev eth0; readlink /proc/self/ns/pid; exit 7"])
        #expect(inside.status == 7, "the command's exit status: \(inside.stderr)")
        let lines = inside.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == infected.name, "its hostname: \(inside.stdout)")
        #expect(lines.contains("/var/www/scripts/root.exe"), "its files: \(inside.stdout)")
        #expect(inside.stdout.contains(" \(infected.address)/"), "its network: \(inside.stdout)")
        let machinePIDs = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid")
        #expect(lines.last?.hasPrefix("pid:[") == true && lines.last != machinePIDs, "its PID namespace: \(inside.stdout)")

        let clean = try #require(lab.state.hosts.first { !$0.infected })
        let shell = try await runProcess(ScourCLI.executable.path, ["lab", "shell", clean.name, "--dir", lab.directory],
                                         stdin: Data("hostname\ntest -e /var/www/scripts/root.exe || echo no-backdoor\nexit 3\n".utf8))
        #expect(shell.status == 3, "\(shell.stderr)")
        #expect(shell.stdout.split(separator: "\n") == [Substring(clean.name), "no-backdoor"], "\(shell.stdout)")

        let unknown = try await ScourCLI.run(["lab", "exec", "h99", "--dir", lab.directory, "--", "true"])
        #expect(unknown.status == 65 && unknown.stderr.contains("no host 'h99'"), "\(unknown.stderr)")
        #expect(try await lab.lab(["power", "stop", clean.name]).status == 0)
        let stopped = try await ScourCLI.run(["lab", "exec", clean.name, "--dir", lab.directory, "--", "true"])
        #expect(stopped.status == 1 && stopped.stderr.contains("\(clean.name) is not running"), "\(stopped.stderr)")
    }
}
