import ArgumentParser
import Foundation
import ScourEngine

/// `scour report RUN`: the run written up for a ticket, a tool or a CI system.
struct ReportCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, json, junit }

    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a run up: markdown for the incident ticket, JSON for tools, JUnit XML for CI.",
        discussion: "Works on finished, stopped and running runs alike (docs/reports.md describes the formats).")

    @Argument(help: ArgumentHelp("The run id (`scour runs` lists them).", valueName: "run"))
    var runID: String

    @OptionGroup(title: "Runs") var runs: RunsOptions

    @Option(help: "markdown, json or junit.")
    var format: Format = .markdown

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of stdout.", valueName: "file"))
    var output: String?

    func run() throws {
        let report = try RunReport.load(runs.open(runID))
        let data: Data = switch format {
        case .markdown: Data(MarkdownReport.render(report).utf8)
        case .junit: Data(JUnitReport.render(report).utf8)
        case .json: try report.encoded() + Data("\n".utf8)
        }
        if let output {
            do { try PrivateFile.write(data, to: output) } catch { throw commandFailure("\(error)", .hostsFailed) }
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

extension RunReport {
    /// The report of a run; unreadable files are said and become exit 65.
    static func load(_ run: Run) throws -> RunReport {
        do {
            return try run.report()
        } catch {
            throw commandFailure("\(error)")
        }
    }
}
