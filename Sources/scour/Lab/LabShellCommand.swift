import ArgumentParser
import ScourLab

/// `scour lab shell HOST`: an interactive root shell inside a lab host, without SSH.
struct LabShellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Open a root shell inside a lab host (its files, hostname, network and processes), without SSH.",
        discussion: "The host must be running. Leave with exit or Ctrl-D.")

    @Argument(help: "The host's name (h01, …).")
    var host: String

    @OptionGroup var lab: LabOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    func run() async throws {
        let controller = LabController(layout: lab.layout, logger: logging.makeLogger(label: "scour.lab"))
        let entry = try await runLabAction { try controller.entryCommand(host: host, ["/bin/bash"]) }
        // The prompt names the host, so a shell in the lab is not taken for one on the machine.
        enterLabHost(entry, environment: ["PS1": "[lab \(host)] \\w# ", "HOME": "/root"])
    }
}
