import ArgumentParser
import ScourLab

/// `scour lab exec HOST -- COMMAND`: one command inside a lab host, without SSH.
struct LabExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command inside a lab host (its files, hostname, network and processes), as root, without SSH.",
        discussion: """
            The words after -- are joined with spaces and run by /bin/sh -c, as ssh and scour exec \
            run a command; the exit status is the command's. The host must be running.

            Example: scour lab exec h02 -- 'ls -l /var/www/scripts; ps ax'
            """)

    @Argument(help: "The host's name (h01, …).")
    var host: String

    @OptionGroup var lab: LabOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    @Argument(parsing: .postTerminator, help: "The command (after --).")
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("give the command to run after --") }
    }

    func run() async throws {
        let controller = LabController(layout: lab.layout, logger: logging.makeLogger(label: "scour.lab"))
        let entry = try await runLabAction { try controller.entryCommand(host: host, ["/bin/sh", "-c", command.joined(separator: " ")]) }
        enterLabHost(entry)
    }
}
