import Foundation
import ScourCore
import ScourEngine
import ScourSSH

/// The human output of `scour exec`: each host as soon as it finishes — a header line with its
/// status, then its stdout (`│`) and stderr (`!`) lines — and a summary naming the hosts that
/// need attention. Host output is escaped (`TerminalStyle` says the rule): invalid UTF-8 as
/// `\xNN`, and no line of it can start without its marker.
struct ExecTextPrinter {
    let style: TerminalStyle

    func printOutcome(_ outcome: HostCommandOutcome) {
        var lines = [header(outcome)]
        if case .completed(let exec) = outcome.result {
            lines += Self.indented(HostText.terminalLines(exec.stdout), marker: style.dim("│"))
            lines += Self.indented(HostText.terminalLines(exec.stderr), marker: style.red("!"))
        }
        print(lines.joined(separator: "\n"))
    }

    func printSummary(_ summary: HostCommandSummary, outcomes: [HostCommandOutcome], elapsed: Duration) {
        var parts = ["\(summary.succeeded) ok"]
        if summary.nonZero > 0 { parts.append(style.red("\(summary.nonZero) exited non-zero")) }
        if summary.failed > 0 { parts.append(style.red("\(summary.failed) failed")) }
        if summary.unreachable > 0 { parts.append(style.red("\(summary.unreachable) unreachable")) }
        print("")
        print(style.bold("\(summary.total) host\(summary.total == 1 ? "" : "s"):") + " "
            + parts.joined(separator: ", ") + style.dim(" in \(Self.seconds(elapsed))"))
        let attention = outcomes.filter { !$0.succeeded }.map(\.host.name).sorted()
        if !attention.isEmpty {
            print("needs attention: " + HostText.terminal(attention.joined(separator: " ")))
        }
    }

    private func header(_ outcome: HostCommandOutcome) -> String {
        let name = style.bold(HostText.terminal(outcome.host.name))
        let took = style.dim(Self.seconds(outcome.elapsed))
        switch outcome.result {
        case .completed(let exec):
            switch exec.exit {
            case .code(0): return "\(name)  \(style.green("exit 0"))  \(took)"
            case .code(let code): return "\(name)  \(style.red("exit \(code)"))  \(took)"
            case .signal(let signal): return "\(name)  \(style.red("killed by SIG\(HostText.terminal(signal))"))  \(took)"
            }
        case .unreachable(let error, let attempts):
            let tries = attempts > 1 ? " (after \(attempts) attempts)" : ""
            return "\(name)  \(style.red("unreachable"))  \(took)  \(HostText.terminal(error.message))\(tries)"
        case .failed(let error):
            return "\(name)  \(style.red("failed"))  \(took)  \(HostText.terminal(error.message))"
        }
    }

    private static func indented(_ text: String, marker: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.map { "  \(marker) \($0)" }
    }

    static func seconds(_ duration: Duration) -> String {
        String(format: "%.2fs", Double(duration.scourMilliseconds) / 1000)
    }
}
