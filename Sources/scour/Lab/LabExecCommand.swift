import ArgumentParser
import ScourLab

/// `scour lab exec HOST -- COMMAND`: one command inside a lab host, without SSH; `scour lab exec
/// --site K -- COMMAND ARGS…`: a program in site K's network (a controller of the site).
struct LabExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command inside a lab host (its files, hostname, network and processes), as root, without SSH; or in a site's network.",
        discussion: """
            The words after -- are joined with spaces and run by /bin/sh -c, as ssh and scour exec \
            run a command; the exit status is the command's. The host must be running.

            With --site K instead of a host, COMMAND runs with its arguments as given, in site K's \
            network namespace only: the machine's files, users and processes, the site's hosts \
            and no others. stdin, stdout and stderr pass through; the exit status is COMMAND's.

            Example: scour lab exec h02 -- 'ls -l /var/www/scripts; ps ax'
            Example: scour lab exec --site 1 -- scour exec -i /var/lib/scour-lab/inventory.ini --limit site1 -- hostname
            """)

    @Argument(help: "The host's name (h01, …); none with --site.")
    var host: String?

    @Option(help: ArgumentHelp("Run COMMAND in site K's network namespace (a lab of `up --sites`) instead of in a host.", valueName: "K"))
    var site: Int?

    @OptionGroup var lab: LabOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    @Argument(parsing: .postTerminator, help: "The command (after --).")
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("give the command to run after --") }
        guard (host == nil) != (site == nil) else { throw ValidationError("name a host (h01) or a site (--site K): one of the two") }
    }

    func run() async throws {
        let controller = LabController(layout: lab.layout, logger: logging.makeLogger(label: "scour.lab"))
        let entry = try await runLabAction {
            if let site { return try controller.siteEntryCommand(site: site, command) }
            return try controller.entryCommand(host: host ?? "", ["/bin/sh", "-c", command.joined(separator: " ")])
        }
        enterLabHost(entry)
    }
}
