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
        for controller in report.controllers ?? [] { lines.append(describe(controller)) }
        for wave in report.waves {
            let counts = wave.counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
            lines.append(style.bold("wave \(wave.index)") + ": \(wave.hosts.count) host\(wave.hosts.count == 1 ? "" : "s") — \(counts)")
            for host in report.hosts where host.wave == wave.index {
                lines.append("  \(HostText.terminal(host.name))  \(host.status.rawValue)" + HostText.terminal(position(of: host)))
            }
        }
        print(lines.joined(separator: "\n"))
    }

    /// A shared run's controller: `controller pid 4711 on site-b: working, 12 hosts held`.
    private func describe(_ controller: RunController) -> String {
        let held = controller.hostsHeld == 1 ? "1 host held" : "\(controller.hostsHeld) hosts held"
        let state = switch controller.state {
        case .working: "working, \(held)"
        case .left: "left"
        case .leaseRanOut: "stopped renewing its lease (killed or cut off)" + (controller.hostsHeld > 0 ? ", \(held) until another takes them" : "")
        }
        return "controller pid \(controller.pid) on \(HostText.terminal(controller.machine)): \(state)"
    }

    /// The step a host got to, or why it stopped.
    private func position(of host: RunReport.Host) -> String {
        for step in host.steps {
            switch step.status {
            case .inFlight: return "  at \(step.name): in flight"
            case .failed: return "  at \(step.name): \(step.detail)"
            case .drifted, .unknown: return "  at \(step.name): \(step.status.rawValue): \(step.detail)"
            case .skipped, .ok, .changed, .notRun: continue
            }
        }
        if let error = host.error { return "  \(error)" }
        let done = host.steps.filter { $0.status != .notRun }.count
        if host.status == .inFlight, done == 0 { return "  no step recorded yet (connecting or probing)" }
        return done == 0 || done == host.steps.count ? "" : "  \(done) of \(host.steps.count) steps done"
    }
}
