import ArgumentParser
import Foundation
import ScourCore
import ScourEngine

/// `scour status RUN`: where a run stands, per wave and per host (host text escaped, as
/// `TerminalStyle` says).
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Where a run stands: its state, then per wave and per host the status and the step it got to.")

    @Argument(help: ArgumentHelp("The run id (`scour runs` lists them).", valueName: "run"))
    var runID: String

    @OptionGroup(title: "Runs") var runs: RunsOptions

    @Option(help: "text, or json (the report document of `scour report --format json`).")
    var format: OutputFormat = .text

    func run() throws {
        let report = try RunReport.load(runs.open(runID))
        if format == .json {
            FileHandle.standardOutput.write(try report.encoded() + Data("\n".utf8))
            return
        }
        let style = TerminalStyle(for: STDOUT_FILENO)
        var lines = ["run \(style.bold(report.runID)): \(HostText.terminal(report.playbookName)) — \(report.state)"]
        if let warning = report.journalWarning { lines.append(style.yellow(HostText.terminal(warning))) }
        for wave in report.waves {
            let counts = wave.counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            lines.append(style.bold("wave \(wave.index)") + ": \(wave.hosts.count) host\(wave.hosts.count == 1 ? "" : "s") — \(counts)")
            for host in report.hosts where host.wave == wave.index {
                lines.append("  \(HostText.terminal(host.name))  \(host.status)" + HostText.terminal(position(of: host)))
            }
        }
        print(lines.joined(separator: "\n"))
    }

    /// The step a host got to, or why it stopped.
    private func position(of host: RunReport.Host) -> String {
        if let step = host.steps.first(where: { $0.status == "in_flight" || $0.status == "failed" }) {
            return "  at \(step.name): \(step.status == "in_flight" ? "in flight" : step.detail)"
        }
        if let error = host.error { return "  \(error)" }
        let done = host.steps.filter { $0.status != "not_run" }.count
        if host.status == "in_flight", done == 0 { return "  no step recorded yet (connecting or probing)" }
        return done == 0 || done == host.steps.count ? "" : "  \(done) of \(host.steps.count) steps done"
    }
}
