import ArgumentParser
import ScourEngine
import ScourLab

struct LabDownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop every lab host and remove every namespace, link, process, mount point and file of the lab.")

    @OptionGroup var lab: LabOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    func run() async throws {
        let controller = LabController(layout: lab.layout, logger: logging.makeLogger(label: "scour.lab"))
        let removed = try await runLabAction { try controller.down() }
        print("lab down: removed " + removed.joined(separator: ", "))
    }
}
