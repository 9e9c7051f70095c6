import Foundation
import ScourCore
import ScourEngine
import Synchronization

/// What `apply` shows while it runs. On a terminal (live): per-host result lines scrolling
/// above a status line redrawn in place — the wave, a progress bar, the counts, the slowest
/// hosts in flight. Otherwise: plain timestamped lines. Then a summary table per wave. Host
/// text is escaped (`TerminalStyle` says the rule).
final class ApplyDisplay: Sendable {
    private struct State {
        var total = 0
        var done = 0
        var counts: [HostOutcome.Status: Int] = [:]
        /// The wave running, from 1; 0 before the first.
        var wave = 0
        var inFlight: [String: ContinuousClock.Instant] = [:]
        var statusShown = false
    }

    private let live: Bool
    private let quiet: Bool
    private let style: TerminalStyle
    private let state = Mutex(State())

    init(live: Bool, quiet: Bool, style: TerminalStyle) {
        self.live = live
        self.quiet = quiet
        self.style = style
    }

    /// How an attempt began: `resuming`, or `joining` a shared run whose hosts this controller
    /// claims `claiming` of (nil: any).
    enum Arrival {
        case starting, resuming
        case joining(claiming: Int?)
    }

    func started(runID: String, playbook: String, hosts: Int, arrival: Arrival) {
        state.withLock { $0.total = hosts }
        let what = "\(style.bold(runID)): \(HostText.terminal(playbook)) on \(hosts) host\(hosts == 1 ? "" : "s")"
        switch arrival {
        case .starting: emit("run " + what)
        case .resuming: emit("resuming run " + what)
        case .joining(let claiming): emit("joining run " + what + (claiming.map { ", claiming \($0) of them" } ?? ""))
        }
    }

    /// A line for the operator: highlighted, or dimmed when `quietly`.
    func note(_ text: String, quietly: Bool = false) {
        let shown = HostText.terminal(text)
        emit(quietly ? style.dim(shown) : style.yellow(shown))
    }

    func handle(_ event: RolloutRunner.Event) {
        switch event {
        case .waveStarted(let index, let hosts):
            state.withLock { $0.wave = index }
            emit(style.bold("wave \(index)") + ": \(hosts.count) host\(hosts.count == 1 ? "" : "s")")
        case .hostStarted(let name, _):
            state.withLock { $0.inFlight[name] = .now }
            refresh()
        case .hostFinished(let outcome):
            state.withLock {
                $0.inFlight[outcome.name] = nil
                $0.done += 1
                $0.counts[outcome.status, default: 0] += 1
            }
            emit(line(for: outcome))
        case .waveFinished:
            break
        case .halting(let result):
            emit(style.red("wave \(result.index): \(result.failures) of \(result.hosts) hosts failed, unreachable, unknown or drifted, more than max_failures allows (\(result.allowedFailures)): halting"))
        case .pausing(let duration):
            emit("pausing \(duration.scourLiteral) before the next wave")
        }
    }

    /// Redraws the live status line (called on events and every second).
    func refresh() {
        guard live, !quiet else { return }
        let text = statusLine()
        state.withLock { $0.statusShown = true }
        FileHandle.standardOutput.write(Data("\r\u{1B}[2K\(text)".utf8))
    }

    /// The summary table per wave; `resumeHint` is how to go on when the run did not complete
    /// or left hosts uncleaned.
    func finished(_ report: ApplyReport, resumeHint: String?) {
        var lines = ["", style.bold("wave  hosts  ok  changed  failed  unreachable  unknown  drifted  interrupted  time")]
        for wave in report.waves {
            lines.append(String(format: "%4d  %5d  %2d  %7d  %6d  %11d  %7d  %7d  %11d  %@", wave.index, wave.hosts, wave.ok, wave.changed,
                                wave.failed, wave.unreachable, wave.unknown, wave.drifted, wave.interrupted,
                                String(format: "%.1fs", Double(wave.elapsedMilliseconds) / 1000)))
        }
        let interrupted = report.hosts.filter { $0.status == .interrupted }
        if !interrupted.isEmpty {
            lines.append("interrupted with steps left: " + interrupted.map { host in
                HostText.terminal("\(host.name) (" + host.steps.filter { $0.status == .notRun }.map(\.name).joined(separator: ", ") + ")")
            }.joined(separator: " "))
        }
        let notRun = report.hosts.filter { $0.status == .notRun }.map(\.name)
        if !notRun.isEmpty { lines.append("not run: " + HostText.terminal(notRun.joined(separator: " "))) }
        lines.append("run \(report.runID): \(report.ending)" + (resumeHint.map { " — to go on: \($0)" } ?? ""))
        emit(lines.joined(separator: "\n"))
    }

    private func line(for outcome: HostOutcome) -> String {
        let seconds = String(format: "%.1fs", Double(outcome.elapsedMilliseconds) / 1000)
        let status: String = switch outcome.status {
        case .ok: style.green("ok")
        case .changed: style.yellow("changed")
        case .failed: style.red("failed")
        case .unreachable: style.red("unreachable")
        case .drifted: style.yellow("drifted")
        case .unknown: style.red("unknown")
        case .interrupted: style.yellow("interrupted")
        case .notRun: style.dim("not run")
        }
        var text = "\(HostText.terminal(outcome.name))  \(status)  \(seconds)"
        let changed = outcome.steps.filter { $0.status == .changed }.map(\.name)
        if !changed.isEmpty { text += "  changed: " + HostText.terminal(changed.joined(separator: ", ")) }
        if let error = outcome.error { text += "  " + HostText.terminal(error) }
        for step in outcome.steps where [.failed, .drifted, .unknown].contains(step.status) {
            text += "\n    \(style.red(HostText.terminal(step.name))): \(HostText.terminal(step.detail))"
            if let tail = step.stderrTail, !tail.isEmpty {
                // Marked as exec marks stderr, so no line of the host's can pass for one of Scour's.
                text += HostText.terminalLines(tail).split(separator: "\n").map { "\n      \(style.red("!")) \($0)" }.joined()
            }
        }
        return text
    }

    private func statusLine() -> String {
        state.withLock { state in
            // Waves are numbered from 1; before the first starts there is none to name.
            let wave = state.wave > 0 ? "wave \(state.wave) " : ""
            return wave + "\(ProgressLine.bar(done: state.done, total: state.total)) \(state.done)/\(state.total)"
                + "  ok \(state.counts[.ok] ?? 0)  changed \(state.counts[.changed] ?? 0)"
                + "  failed \(state.counts[.failed] ?? 0)  unreachable \(state.counts[.unreachable] ?? 0)"
                + ProgressLine.inFlight(state.inFlight)
        }
    }

    /// A line above the status line (live), or a timestamped line (plain).
    private func emit(_ text: String) {
        guard !quiet else { return }
        if live {
            FileHandle.standardOutput.write(Data("\r\u{1B}[2K\(text)\n".utf8))
            refresh()
        } else {
            let formatter = DateFormatter()
            formatter.dateFormat = "HH:mm:ss"
            let stamp = formatter.string(from: Date())
            FileHandle.standardOutput.write(Data(text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "\(stamp) \($0)\n" }.joined().utf8))
        }
    }
}
