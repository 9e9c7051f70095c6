import ArgumentParser
import Foundation
import ScourCore
import ScourEngine
import ScourLab

/// `scour lab`: real SSH hosts on this machine, for rehearsal, the demo and the tests.
struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Run a lab of real OpenSSH hosts on this machine to rehearse a cleanup (needs root).",
        discussion: """
            Each host has its own network, mount, hostname and PID namespaces, sshd as PID 1, \
            its own /var/www, /etc/apache2, /opt, /tmp and more, a service manager and reboot. \
            See docs/lab.md.
            """,
        subcommands: [
            LabUpCommand.self, LabDownCommand.self, LabStatusCommand.self, LabPowerCommand.self, LabTamperCommand.self,
            LabExecCommand.self, LabShellCommand.self,
        ]
    )
}

/// Where the lab lives; shared by every `scour lab` subcommand.
struct LabOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The lab's folder (inventory, known_hosts, key, hosts' files).", valueName: "dir"))
    var dir: String = LabLayout.defaultDirectory.path

    @Option(help: ArgumentHelp("Network number 0–99: lab K uses 10.(77+K).0.0/16, so several labs can coexist.", valueName: "K"))
    var net: Int = 0

    var layout: LabLayout { LabLayout(directory: URL(fileURLWithPath: dir), network: net) }

    /// ` --dir D` for a command line shown to the user; empty for the default folder.
    var dirArgument: String { dir == LabLayout.defaultDirectory.path ? "" : " --dir \(dir)" }
}

extension LabScenario: ExpressibleByArgument {}
extension LabSudo: ExpressibleByArgument {}

/// Reports a lab error as `scour lab: …` (escaped: it may quote a tampered host's answer) and
/// exits 1 (65 for a bad request).
func runLabAction<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as LabError {
        FileHandle.standardError.write(Data("scour lab: \(HostText.terminalLines("\(error)"))\n".utf8))
        if case .invalid = error { throw ExitCode.invalidInput }
        throw ExitCode.failure
    }
}
