import Foundation
import ScourCore
import ScourEngine
import ScourHost

/// The plan for people: per host (hosts with identical plans grouped under the first, unless
/// `verbose`), each step's action and its precise changes, config diffs, then a summary. Host
/// text, diff lines included, is escaped (`TerminalStyle` says the rule); `run` commands keep
/// their tabs and newlines as layout (`HostText.layout`), diff lines their tabs.
struct PlanTextPrinter {
    let style: TerminalStyle
    let verbose: Bool

    func render(_ document: PlanDocument, savedTo output: String?) -> String {
        var lines = [style.bold("Plan: \(HostText.terminal(document.playbookName)) on \(document.hosts.count) host\(document.hosts.count == 1 ? "" : "s"), \(document.waves.count) wave\(document.waves.count == 1 ? "" : "s")"), ""]
        var groups: [(representative: HostPlan, others: [String])] = []
        var indexOfSignature: [Data: Int] = [:]
        for host in document.hosts {
            guard !verbose, host.status == .planned, let signature = Self.signature(host) else {
                groups.append((host, []))
                continue
            }
            if let index = indexOfSignature[signature] {
                groups[index].others.append(host.name)
            } else {
                indexOfSignature[signature] = groups.count
                groups.append((host, []))
            }
        }
        let nameWidth = document.hosts.map { HostText.terminal($0.name).count }.max() ?? 0
        for (host, others) in groups {
            lines += describe(host, nameWidth: nameWidth)
            if !others.isEmpty {
                lines.append(style.dim("\(others.count) more host\(others.count == 1 ? "" : "s"): same as \(HostText.terminal(host.name)): \(Self.list(others))"))
            }
        }
        lines += ["", summary(document)]
        if let output { lines.append("plan written to \(output)") }
        return lines.joined(separator: "\n") + "\n"
    }

    private func describe(_ host: HostPlan, nameWidth: Int) -> [String] {
        let name = style.bold(HostText.terminal(host.name).padding(toLength: nameWidth, withPad: " ", startingAt: 0))
        let wave = host.wave.map { "wave \($0)" } ?? "no wave"
        switch host.status {
        case .unreachable:
            return ["\(name)  \(wave)  " + style.red("unreachable") + " after \(host.connectAttempts ?? 1) attempt\(host.connectAttempts == 1 ? "" : "s"): \(HostText.terminal(host.error ?? ""))"]
        case .failed:
            // The error says what failed ("probe failed: …").
            return ["\(name)  \(wave)  " + style.red("failed") + ": \(HostText.terminal(host.error ?? ""))"]
        case .planned:
            break
        }
        let detected = host.detections.map { detection in
            let name = HostText.terminal(detection.name)
            let total = detection.indicators.count
            if detection.unknown {
                return style.red("\(name): unknown (\(detection.indicators.filter { $0.unseen != nil }.count) of \(total) could not be looked at)")
            }
            return detection.matched ? style.yellow("\(name): matched (\(detection.indicators.filter(\.matched).count) of \(total))") : "\(name): no match"
        }
        var lines = ["\(name)  \(wave)  " + (detected.isEmpty ? "" : detected.joined(separator: ", ") + "  ")
                     + (host.isClean ? style.green("nothing to change") : "")]
        lines[0] = String(lines[0].reversed().drop { $0 == " " }.reversed())
        // Every indicator when verbose; otherwise those that matched with evidence to show, and
        // those an unknown block rests on, each with why it could not be looked at.
        for detection in host.detections {
            for indicator in detection.indicators
            where verbose || (indicator.matched && (indicator.evidence != nil || indicator.processes != nil)) || (detection.unknown && indicator.unseen != nil) {
                let mark = indicator.unseen != nil ? "?" : indicator.matched ? "✓" : "·"
                let why = indicator.unseen.map { ": " + style.red(HostText.terminal(Self.words($0))) } ?? ""
                lines.append("    \(mark) \(HostText.terminal(indicator.indicator))\(why)")
                lines += evidence(indicator)
            }
        }
        let steps = verbose || !host.isClean ? host.steps : []
        let titles = steps.map { HostText.terminal("\($0.name) (\($0.kind))") }
        let stepWidth = titles.map(\.count).max() ?? 0
        for (step, title) in zip(steps, titles) {
            let title = title.padding(toLength: stepWidth, withPad: " ", startingAt: 0)
            let action: String = switch step.action {
            case .change: style.yellow("change")
            case .ok: style.green("ok")
            case .skip: style.dim("skip")
            case .blocked: style.red("blocked")
            case .unknown: style.red("unknown")
            case .atApply: style.dim("at apply")
            }
            let indent = String(repeating: " ", count: stepWidth + 4)
            if step.changes.isEmpty {
                lines.append("  \(title)  \(action): \(HostText.terminal(step.reason))")
                continue
            }
            for (index, change) in step.changes.enumerated() {
                // A command (the playbook's text) may span lines: its later lines sit under the
                // diff's column. Everything else names what the host has (a path, a process):
                // a tab or line break there is the host's, escaped like any other.
                let summary = change.kind == .runCommand ? HostText.layout(change.summary, continuation: indent + "          ")
                    : HostText.terminal(change.summary)
                lines.append(index == 0 ? "  \(title)  \(action): \(summary)" : "\(indent)        \(summary)")
                if let diff = change.diff {
                    // Each line of a config diff is the host's file content, tabs kept: one line each.
                    lines += diff.split(separator: "\n").map { line in
                        let text = "\(indent)          \(HostText.terminalLines(String(line)))"
                        return line.hasPrefix("-") && !line.hasPrefix("---") ? style.red(text)
                            : line.hasPrefix("+") && !line.hasPrefix("+++") ? style.green(text) : text
                    }
                }
            }
            // What the host model could not settle after this step, and what later steps assume.
            if let note = step.note { lines.append("\(indent)        " + style.dim("note: " + HostText.terminal(note))) }
        }
        if host.unseenItems.contains(where: \.needsPrivilege) { lines.append("  " + style.bold(Unseen.privilegeHint)) }
        return lines
    }

    /// `permission denied: /root/.ssh; timed out` (host text: escape it).
    private static func words(_ unseen: [Unseen]) -> String { unseen.map(\.words).joined(separator: "; ") }

    /// Each file that matched with its first matching line, or each process with its pid, user,
    /// executable and command line (host text, escaped), up to five unless verbose, then what
    /// was left unsearched.
    private func evidence(_ indicator: IndicatorResult) -> [String] {
        let found = (indicator.evidence ?? []).map { match in
            "        \(HostText.terminal(match.path)):\(match.line): \(HostText.terminal(match.text))\(match.textIsCut ? "…" : "")"
        } + (indicator.processes ?? []).map { process in
            "        pid \(process.pid) (\(HostText.terminal(process.user)), \(HostText.terminal(process.executable))): "
                + HostText.terminal(process.commandLine) + (process.commandLineIsCut ? "…" : "")
        }
        let shown = verbose ? found : Array(found.prefix(5))
        var lines = shown
        if shown.count < found.count {
            let what = indicator.processes == nil ? "file" : "process"
            lines.append(style.dim("        and \(found.count - shown.count) more \(what)\(found.count - shown.count == 1 ? "" : what == "file" ? "s" : "es") (--verbose shows all)"))
        }
        if let note = indicator.note { lines.append(style.dim("        \(HostText.terminal(note))")) }
        return lines
    }

    private func summary(_ document: PlanDocument) -> String {
        let s = document.summary
        let clean = document.hosts.filter(\.isClean).count
        var lines = ["\(s.hosts) host\(s.hosts == 1 ? "" : "s"): \(s.planned) planned (\(s.changing) would change, \(clean) already clean), "
                     + "\(s.blocked) blocked, \(s.unknown) unknown, \(s.unreachable) unreachable, \(s.failed) failed"]
        if !s.changes.isEmpty {
            lines.append("changes: " + s.changes.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value) \($0.key.replacingOccurrences(of: "_", with: " "))" }.joined(separator: ", "))
        }
        lines.append("waves: " + document.waves.enumerated().map { "\($0.offset + 1): \(Self.list($0.element))" }.joined(separator: " · "))
        return lines.joined(separator: "\n")
    }

    /// Up to 12 names, then "and N more".
    private static func list(_ names: [String]) -> String {
        let shown = names.prefix(12).map(HostText.terminal).joined(separator: " ")
        return names.count <= 12 ? shown : shown + " and \(names.count - 12) more"
    }

    /// What makes two host plans "the same" for grouping: detections and steps (not names, addresses, facts).
    private static func signature(_ host: HostPlan) -> Data? {
        struct Shape: Encodable { var detections: [Detection]; var steps: [StepPlan] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try? encoder.encode(Shape(detections: host.detections, steps: host.steps))
    }
}
