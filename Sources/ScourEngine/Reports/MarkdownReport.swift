import Foundation

/// `scour report --format markdown`: for the incident ticket — what was found where, what was
/// changed, what failed and why, and how long each wave took.
public enum MarkdownReport {
    public static func render(_ report: RunReport) -> String {
        var out = "# Scour run \(report.runID): \(report.playbookName)\n\n"
        out += "- State: **\(report.state)**"
        if report.attempts > 1 { out += " (after \(report.attempts) attempts)" }
        out += "\n- Playbook: `\(report.playbook.path)` (SHA-256 `\(report.playbook.sha256.prefix(16))…`)\n"
        out += "- Inventory: `\(report.inventory.path)` (SHA-256 `\(report.inventory.sha256.prefix(16))…`)\n"
        if let plan = report.plan { out += "- Plan: `\(plan.path)`\n" }
        if !report.params.isEmpty {
            out += "- Params: " + report.params.sorted { $0.key < $1.key }.map { "`\($0.key)=\($0.value)`" }.joined(separator: ", ") + "\n"
        }
        if let started = report.startedAt { out += "- Started: \(started.formatted(.iso8601))" }
        if let last = report.lastEntryAt { out += ", last recorded: \(last.formatted(.iso8601))" }
        out += "\n"
        if let warning = report.journalWarning { out += "- Journal: \(warning)\n" }

        let statuses = ["ok", "changed", "failed", "unreachable", "drifted", "in_flight", "not_run"]
        out += "\n## Waves\n\n| Wave | Hosts | " + statuses.map(words).joined(separator: " | ") + " | Time |\n"
        out += "|---:|---:|" + String(repeating: "---:|", count: statuses.count) + "---:|\n"
        for wave in report.waves {
            out += "| \(wave.index) | \(wave.hosts.count) | " + statuses.map { "\(wave.counts[$0] ?? 0)" }.joined(separator: " | ")
                + " | \(seconds(wave.elapsedMilliseconds)) |\n"
        }

        let found = report.hosts.filter { !$0.detections.isEmpty }
        out += "\n## Found\n\n"
        if found.isEmpty { out += "No detect block matched on any host that was probed.\n" }
        for host in found {
            for detection in host.detections {
                out += "- **\(cell(host.name))**: `\(detection.name)` — " + detection.indicators.map { cell($0.indicator) }.joined(separator: "; ") + "\n"
            }
        }

        let changed = report.hosts.filter { $0.steps.contains { $0.status == "changed" } }
        out += "\n## Changed\n\n"
        if changed.isEmpty { out += "Nothing was changed.\n" }
        for host in changed {
            out += "### \(host.name)\n\n"
            for step in host.steps where step.status == "changed" {
                out += "- `\(step.name)` (\(step.kind)): " + (step.changes.isEmpty ? cell(step.detail) : step.changes.map(cell).joined(separator: "; ")) + "\n"
            }
            out += "\n"
        }

        let troubled = report.hosts.filter { ["failed", "unreachable", "drifted", "in_flight"].contains($0.status) }
        out += "## Failed and not done\n\n"
        if troubled.isEmpty { out += "Nothing failed.\n" }
        for host in troubled {
            out += "- **\(cell(host.name))** (\(words(host.status)))" + (host.error.map { ": \(cell($0))" } ?? "") + "\n"
            for step in host.steps where step.status == "failed" || step.status == "in_flight" {
                out += "  - `\(step.name)`: \(cell(step.detail))\n"
                if let tail = step.stderrTail, !tail.isEmpty {
                    out += "\n    ```\n" + tail.split(separator: "\n").map { "    \($0)" }.joined(separator: "\n") + "\n    ```\n\n"
                }
            }
        }
        let notRun = report.hosts.filter { $0.status == "not_run" }.map(\.name)
        if !notRun.isEmpty { out += "\nNot run: " + notRun.joined(separator: ", ") + "\n" }
        if !report.restores.isEmpty {
            out += "\n## Restored from quarantine\n\n"
            for restore in report.restores {
                out += "- \(restore.time.formatted(.iso8601)) **\(cell(restore.host))** `\(restore.path)`: \(words(restore.status))"
                    + (restore.detail.map { " (\(cell($0)))" } ?? "") + "\n"
            }
        }
        return out
    }

    /// A status as words: `in_flight` → `in flight`.
    private static func words(_ status: String) -> String { status.replacingOccurrences(of: "_", with: " ") }

    private static func seconds(_ milliseconds: Int64) -> String { String(format: "%.1f s", Double(milliseconds) / 1000) }

    /// One line, with the characters markdown would read as table or emphasis markers escaped.
    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "*", with: "\\*").replacingOccurrences(of: "_", with: "\\_")
    }
}
