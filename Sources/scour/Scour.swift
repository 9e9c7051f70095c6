import ArgumentParser

/// The `scour` command line: argument parsing and presentation only.
/// All the work is done by ScourEngine (and the layers below it). Started by `ScourMain`.
struct Scour: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scour",
        abstract: "Clean a fleet after a break-in: detect, quarantine, strip, reboot, patch — in waves, over SSH.",
        version: "0.1.0",
        subcommands: [
            CheckCommand.self,
            PlanCommand.self,
            ApplyCommand.self,
            ResumeCommand.self,
            JoinCommand.self,
            StatusCommand.self,
            RunsCommand.self,
            RestoreCommand.self,
            ReportCommand.self,
            ExplainCommand.self,
            FmtCommand.self,
            ExecCommand.self,
            InventoryCommand.self,
            LabCommand.self,
        ]
    )
}
