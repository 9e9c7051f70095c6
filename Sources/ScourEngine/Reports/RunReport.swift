import Foundation

/// Where a run stands, from its record and journal: what `status`, `runs` and `report` show.
/// Its JSON encoding is `scour report --format json` (docs/reports.md).
public struct RunReport: Sendable, Encodable {
    public static let currentFormatVersion = 1

    public struct Wave: Sendable, Encodable {
        public var index: Int
        public var hosts: [String]
        /// Host status → how many, for every status the wave's hosts are in.
        public var counts: [String: Int]
        /// Time spent in the wave over all attempts.
        public var elapsedMilliseconds: Int64
        public var started: Bool

        enum CodingKeys: String, CodingKey { case index, hosts, counts, started, elapsedMilliseconds = "elapsed_ms" }
    }

    public struct Step: Sendable, Encodable {
        public var name: String
        public var kind: String
        /// skipped, ok, changed, failed, not_run, or in_flight (acting when the run stopped).
        public var status: String
        public var detail: String
        public var changes: [String]
        public var stdoutTail: String?
        public var stderrTail: String?
        public var elapsedMilliseconds: Int64
        /// How many times it acted (more than one: tried again on resume after a failure).
        public var attempts: Int

        enum CodingKeys: String, CodingKey {
            case name, kind, status, detail, changes, attempts
            case stdoutTail = "stdout_tail", stderrTail = "stderr_tail", elapsedMilliseconds = "elapsed_ms"
        }
    }

    public struct Host: Sendable, Encodable {
        public var name: String
        public var wave: Int
        /// ok, changed, failed, unreachable, drifted, interrupted (stopped between steps with
        /// steps left), not_run, or in_flight (the controller stopped while working on it).
        public var status: String
        public var error: String?
        /// The detect blocks that matched, with the indicators that did.
        public var detections: [Detection]
        public var steps: [Step]
        public var elapsedMilliseconds: Int64

        enum CodingKeys: String, CodingKey { case name, wave, status, error, detections, steps, elapsedMilliseconds = "elapsed_ms" }
    }

    /// A file `scour restore` dealt with.
    public struct Restore: Sendable, Encodable, Equatable {
        public var time: Date
        public var host: String
        public var path: String
        /// nil for a quarantined file; `config` for a config an edit replaced.
        public var kind: String?
        public var status: RestoreStatus
        public var detail: String?
    }

    public var formatVersion = currentFormatVersion
    public var runID: String
    public var playbookName: String
    public var playbook: PlanDocument.Source
    public var inventory: PlanDocument.Source
    public var plan: PlanDocument.Source?
    public var params: [String: String]
    /// completed, halted after wave N, paused after wave N, interrupted, running (pid N),
    /// stopped without an end (the controller died: resumable), or incomplete (recorded as
    /// completed, but some host has steps left: resumable).
    public var state: String
    public var attempts: Int
    public var startedAt: Date?
    public var lastEntryAt: Date?
    public var waves: [Wave]
    public var hosts: [Host]
    public var restores: [Restore]
    /// A torn last journal line, left out.
    public var journalWarning: String?

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", runID = "run_id", playbookName = "playbook_name", playbook, inventory, plan, params
        case state, attempts, startedAt = "started_at", lastEntryAt = "last_entry_at", waves, hosts, restores
        case journalWarning = "journal_warning"
    }

    public init(record: RunRecord, history: RunHistory, activeProcess: Int32?) {
        runID = record.runID
        playbookName = record.playbookName
        playbook = record.playbook
        inventory = record.inventory
        plan = record.plan
        params = record.params
        attempts = history.attempts
        startedAt = history.startedAt
        lastEntryAt = history.lastEntryAt
        journalWarning = history.tornLine
        restores = history.restores
        hosts = record.waves.enumerated().flatMap { index, names in
            names.map { Self.host($0, wave: index + 1, steps: record.steps, history: history.hosts[$0]) }
        }
        if let activeProcess { state = "running (pid \(activeProcess))" }
        else if history.startedAt == nil { state = "not started" }
        else if let ending = history.ending {
            // A completed run has no host with steps left; anything else says so.
            let left = hosts.filter { ["interrupted", "in_flight", "not_run"].contains($0.status) }
            state = ending == .completed && !left.isEmpty
                ? "incomplete: \(left.count) host\(left.count == 1 ? " has" : "s have") steps left (resumable)" : ending.description
        } else { state = "stopped without an end (the controller died): resumable" }
        let statuses = Dictionary(uniqueKeysWithValues: hosts.map { ($0.name, $0.status) })
        waves = record.waves.enumerated().map { index, names in
            Wave(index: index + 1, hosts: names,
                 counts: names.reduce(into: [:]) { $0[statuses[$1] ?? "not_run", default: 0] += 1 },
                 elapsedMilliseconds: history.waveResults[index + 1, default: []].reduce(0) { $0 + $1.elapsedMilliseconds },
                 started: history.startedWaves.contains(index + 1))
        }
    }

    private static func host(_ name: String, wave: Int, steps: [RunRecord.StepRecord], history: RunHistory.Host?) -> Host {
        var status = history.map { $0.status?.rawValue ?? "in_flight" } ?? HostOutcome.Status.notRun.rawValue
        // Recorded ok or changed with a step never run (as scour 0.1 recorded interruptions).
        if let history, [.ok, .changed].contains(history.status), !history.isDone(steps: steps.map(\.name)) {
            status = HostOutcome.Status.interrupted.rawValue
        }
        let reported = steps.map { step -> Step in
            var report = Step(name: step.name, kind: step.kind, status: "not_run", detail: "", changes: [], elapsedMilliseconds: 0,
                              attempts: history?.starts[step.name] ?? 0)
            switch history?.steps[step.name] {
            case .finished(let outcome)?:
                report.status = outcome.status.rawValue
                report.detail = outcome.detail
                report.changes = outcome.changes
                report.stdoutTail = outcome.stdoutTail
                report.stderrTail = outcome.stderrTail
                report.elapsedMilliseconds = outcome.elapsedMilliseconds
            case .inFlight?:
                report.status = "in_flight"
                report.detail = "acting when the run stopped; resume checks it again first"
            case nil:
                report.detail = Self.notRunReason(hostStatus: status, error: history?.error)
            }
            return report
        }
        return Host(name: name, wave: wave, status: status, error: history?.error,
                    detections: (history?.detections ?? []).filter(\.matched).map { detection in
                        var matched = detection
                        matched.indicators = detection.indicators.filter(\.matched)
                        return matched
                    },
                    steps: reported, elapsedMilliseconds: history?.elapsedMilliseconds ?? 0)
    }

    /// Why a step that has no record did not run, from where its host stands.
    private static func notRunReason(hostStatus: String, error: String?) -> String {
        switch hostStatus {
        case "failed": "an earlier step failed" + (error.map { " (\($0))" } ?? "")
        case "interrupted", "in_flight": "the run stopped before this step; resume runs it"
        case "unreachable", "drifted": "the host was \(hostStatus)" + (error.map { ": \($0)" } ?? "")
        default: "the host was not started; resume runs it"
        }
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }
}
