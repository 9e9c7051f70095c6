import Foundation
import ScourCore

/// `scour report --format markdown`: for the incident ticket — what was found where, what was
/// changed, what failed and why, and how long each wave took.
///
/// A host's text (indicators, changes, details, errors, paths, stderr tails) must read as text
/// and never as markdown: it is escaped with `HostText` (no control character, bidi override or
/// newline survives) and set in a code span, or for a tail in a fenced block, whose backticks
/// outnumber any run of them inside (`HostText.markdownFence(for:)`), so no link, image, HTML or
/// emphasis of the host's is rendered and no fence is closed early. Names from the playbook and
/// inventory are escaped the same way and their markdown characters backslashed.
public enum MarkdownReport {
    public static func render(_ report: RunReport) -> String {
        var out = "# Scour run \(report.runID): \(cell(report.playbookName))\n\n"
        out += "- State: **\(report.state)**"
        if report.attempts > 1 { out += " (after \(report.attempts) attempts)" }
        out += "\n- Playbook: \(code(report.playbook.path)) (SHA-256 `\(report.playbook.sha256.prefix(16))…`)\n"
        out += "- Inventory: \(code(report.inventory.path)) (SHA-256 `\(report.inventory.sha256.prefix(16))…`)\n"
        if let plan = report.plan { out += "- Plan: \(code(plan.path))\n" }
        if !report.params.isEmpty {
            out += "- Params: " + report.params.sorted { $0.key < $1.key }.map { code("\($0.key)=\($0.value)") }.joined(separator: ", ") + "\n"
        }
        if let started = report.startedAt { out += "- Started: \(started.formatted(.iso8601))" }
        if let last = report.lastEntryAt { out += ", last recorded: \(last.formatted(.iso8601))" }
        out += "\n"
        if let warning = report.journalWarning { out += "- Journal: \(code(warning))\n" }

        let statuses = RunReport.Host.Status.allCases
        out += "\n## Waves\n\n| Wave | Hosts | " + statuses.map { words($0) }.joined(separator: " | ") + " | Time |\n"
        out += "|---:|---:|" + String(repeating: "---:|", count: statuses.count) + "---:|\n"
        for wave in report.waves {
            out += "| \(wave.index) | \(wave.hosts.count) | " + statuses.map { "\(wave.counts[$0] ?? 0)" }.joined(separator: " | ")
                + " | \(seconds(wave.elapsedMilliseconds)) |\n"
        }

        // Hosts that found, or changed, exactly the same are listed once together: a fleet of
        // a thousand identical infections reads as one entry.
        out += "\n## Found\n\n"
        let found = grouped(report.hosts) { host in
            host.detections.map { code($0.name) + " — " + $0.indicators.map { code($0.indicator) }.joined(separator: "; ") }
        }
        if found.isEmpty { out += "No detect block matched on any host that was probed.\n" }
        for (hosts, lines) in found {
            out += "- **\(names(hosts))**:\n" + lines.map { "  - \($0)\n" }.joined()
        }

        out += "\n## Changed\n\n"
        let changed = grouped(report.hosts) { host in
            host.steps.filter { $0.status == .changed }.map { step in
                "\(code(step.name)) (\(step.kind)): " + (step.changes.isEmpty ? code(step.detail) : step.changes.map(code).joined(separator: "; "))
            }
        }
        if changed.isEmpty { out += "Nothing was changed.\n" }
        for (hosts, lines) in changed {
            out += "### \(names(hosts))\n\n" + lines.map { "- \($0)\n" }.joined() + "\n"
        }

        // Every host the run is not done with: what failed and why, and which steps are left.
        let troubled = report.hosts.filter { isTroubled($0.status) }
        let notStarted = report.hosts.filter { $0.status == .notRun }.map(\.name)
        out += "## Failed and not done\n\n"
        if troubled.isEmpty, notStarted.isEmpty { out += "Nothing failed and nothing is left to do.\n" }
        for host in troubled {
            out += "- **\(cell(host.name))** (\(words(host.status)))" + (host.error.map { ": \(code($0))" } ?? "") + "\n"
            for step in host.steps where isTroubled(step.status) {
                out += "  - \(code(step.name)) \(words(step.status)): \(code(step.detail))\n"
                if let tail = step.stderrTail, !tail.isEmpty { out += "\n" + fenced(tail, indent: "    ") + "\n" }
            }
            let left = host.steps.filter { $0.status == .notRun }.map { code($0.name) }
            if !left.isEmpty { out += "  - not run: " + left.joined(separator: ", ") + "\n" }
        }
        if !notStarted.isEmpty { out += "\nNot started: " + notStarted.map(cell).joined(separator: ", ") + "\n" }
        if !report.restores.isEmpty {
            out += "\n## Restored from quarantine\n\n"
            for restore in report.restores {
                out += "- \(restore.time.formatted(.iso8601)) **\(cell(restore.host))** \(code(restore.path)): \(words(restore.status))"
                    + (restore.detail.map { " (\(code($0)))" } ?? "") + "\n"
            }
        }
        return out
    }

    /// Hosts with the same non-empty `lines`, together, in the order their first host comes.
    private static func grouped(_ hosts: [RunReport.Host], lines: (RunReport.Host) -> [String]) -> [(hosts: [String], lines: [String])] {
        var groups: [(hosts: [String], lines: [String])] = []
        var index: [[String]: Int] = [:]
        for host in hosts {
            let rendered = lines(host)
            guard !rendered.isEmpty else { continue }
            if let existing = index[rendered] { groups[existing].hosts.append(host.name) } else {
                index[rendered] = groups.count
                groups.append(([host.name], rendered))
            }
        }
        return groups
    }

    /// `h01`, `h01, h02` or `h01, h02, h03 and 4 more (7 hosts)`.
    private static func names(_ hosts: [String]) -> String {
        let shown = hosts.prefix(8).map(cell).joined(separator: ", ")
        return hosts.count > 8 ? "\(shown) and \(hosts.count - 8) more (\(hosts.count) hosts)" : shown
    }

    /// Whether a host is listed under "Failed and not done" with why: it failed, or stopped
    /// with steps left. (Hosts never started are named after them; ok and changed hosts are done.)
    private static func isTroubled(_ status: RunReport.Host.Status) -> Bool {
        switch status {
        case .failed, .unreachable, .drifted, .unknown, .interrupted, .inFlight: true
        case .ok, .changed, .notRun: false
        }
    }

    /// Whether a troubled host's step is shown with its detail: it failed, or was acting when the
    /// run stopped. (Steps not run are listed by name; the others went well.)
    private static func isTroubled(_ status: RunReport.Step.Status) -> Bool {
        switch status {
        case .failed, .drifted, .unknown, .inFlight: true
        case .skipped, .ok, .changed, .notRun: false
        }
    }

    /// A status as words: `in_flight` → `in flight`.
    private static func words(_ status: some RawRepresentable<String>) -> String { status.rawValue.replacingOccurrences(of: "_", with: " ") }

    private static func seconds(_ milliseconds: Int64) -> String { String(format: "%.1f s", Double(milliseconds) / 1000) }

    /// A name from the playbook or inventory as one line of plain text: escaped, and every
    /// character markdown reads as markup (emphasis, links, images, HTML, entities, table cells,
    /// code) backslashed.
    static func cell(_ text: String) -> String {
        var out = ""
        for character in HostText.terminal(text) {
            if markup.contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    private static let markup: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "!", "|", "~", "#", "&"]

    /// A host's text (or any value) as a code span: escaped to one line, between backticks it
    /// cannot close — one when it has none, else a run longer than its longest — and spaces,
    /// which markdown strips, so a backtick at either end does not join the delimiter.
    static func code(_ text: String) -> String {
        let shown = HostText.terminal(text)
        guard !shown.isEmpty else { return "" }
        guard shown.contains("`") else { return "`\(shown)`" }
        let ticks = HostText.markdownFence(for: shown)
        return "\(ticks) \(shown) \(ticks)"
    }

    /// A host's multi-line text (a stderr tail) as a fenced block it cannot close, each line
    /// escaped and indented by `indent`.
    static func fenced(_ text: String, indent: String) -> String {
        let shown = HostText.terminalLines(text)
        let fence = HostText.markdownFence(for: shown)
        let lines = shown.split(separator: "\n").map { "\(indent)\($0)" }
        return ([indent + fence] + lines + [indent + fence]).joined(separator: "\n") + "\n"
    }
}
