import ArgumentParser
import ScourEngine
import ScourLab

/// `scour lab power stop|start|hang|reboot HOST`: the faults a real fleet has, on demand.
struct LabPowerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "power",
        abstract: "Power a lab host: stop (off, link down), start, hang (freeze sshd), reboot (hard reset).")

    @Argument(help: "stop, start, hang or reboot.")
    var action: LabController.PowerAction

    @Argument(help: "The host's name (h01, …).")
    var host: String

    @OptionGroup var lab: LabOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    func run() async throws {
        let controller = LabController(layout: lab.layout, logger: logging.makeLogger(label: "scour.lab"))
        try await runLabAction { try controller.power(action, host: host) }
        print("lab: \(host) \(action.rawValue)")
    }
}

extension LabController.PowerAction: ExpressibleByArgument {}
