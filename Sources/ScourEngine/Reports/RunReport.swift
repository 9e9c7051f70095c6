import Foundation

/// Where a run stands, from its record and journal: what `status`, `runs` and `report` show.
/// Its JSON encoding is `scour report --format json` (docs/reports.md).
public struct RunReport: Sendable, Encodable {
    public static let currentFormatVersion = 1

    public struct Wave: Sendable, Encodable {
        public var index: Int
        public var hosts: [String]
        /// Host status → how many, for every status the wave's hosts are in.
        public var counts: [Host.Status: Int]
        /// Time spent in the wave over all attempts.
        public var elapsedMilliseconds: Int64
        public var started: Bool

        enum CodingKeys: String, CodingKey { case index, hosts, counts, started, elapsedMilliseconds = "elapsed_ms" }
    }

    public struct Step: Sendable, Encodable {
        public var name: String
        public var kind: String
        public var status: Status
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
        public var status: Status
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
    public var state: RunState
    public var attempts: Int
    public var startedAt: Date?
    public var lastEntryAt: Date?
    public var waves: [Wave]
    public var hosts: [Host]
    public var restores: [Restore]
    /// A torn last journal line, left out.
    public var journalWarning: String?
    /// A shared run's controllers (nil for a run kept in a folder).
    public var controllers: [RunController]?

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", runID = "run_id", playbookName = "playbook_name", playbook, inventory, plan, params
        case state, attempts, startedAt = "started_at", lastEntryAt = "last_entry_at", waves, hosts, restores
        case journalWarning = "journal_warning", controllers
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
        if let activeProcess { state = .running(pid: activeProcess) }
        else if history.startedAt == nil { state = .notStarted }
        else if let ending = history.ending {
            // A completed run has no host with steps left; anything else says so.
            let left = hosts.filter(\.status.isUnfinished).count
            state = ending == .completed && left > 0 ? .incomplete(hostsLeft: left) : .ended(ending)
        } else { state = .stoppedWithoutEnd }
        let statuses = Dictionary(uniqueKeysWithValues: hosts.map { ($0.name, $0.status) })
        waves = record.waves.enumerated().map { index, names in
            Wave(index: index + 1, hosts: names,
                 counts: names.reduce(into: [:]) { $0[statuses[$1] ?? .notRun, default: 0] += 1 },
                 elapsedMilliseconds: history.waveResults[index + 1, default: []].reduce(0) { $0 + $1.elapsedMilliseconds },
                 started: history.startedWaves.contains(index + 1))
        }
    }

    private static func host(_ name: String, wave: Int, steps: [RunRecord.StepRecord], history: RunHistory.Host?) -> Host {
        var status: Host.Status = history.map { $0.status.map(Host.Status.init) ?? .inFlight } ?? .notRun
        // Recorded ok or changed with a step never run (as scour 0.1 recorded interruptions).
        if let history, [.ok, .changed].contains(history.status), !history.isDone(steps: steps.map(\.name)) {
            status = .interrupted
        }
        let reported = steps.map { step -> Step in
            var report = Step(name: step.name, kind: step.kind, status: .notRun, detail: "", changes: [], elapsedMilliseconds: 0,
                              attempts: history?.starts[step.name] ?? 0)
            switch history?.steps[step.name] {
            case .finished(let outcome)?:
                report.status = Step.Status(outcome.status)
                report.detail = outcome.detail
                report.changes = outcome.changes
                report.stdoutTail = outcome.stdoutTail
                report.stderrTail = outcome.stderrTail
                report.elapsedMilliseconds = outcome.elapsedMilliseconds
            case .inFlight?:
                report.status = .inFlight
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
    private static func notRunReason(hostStatus: Host.Status, error: String?) -> String {
        switch hostStatus {
        case .failed: "an earlier step failed" + (error.map { " (\($0))" } ?? "")
        case .interrupted, .inFlight: "the run stopped before this step; resume runs it"
        case .unreachable, .drifted: "the host was \(hostStatus.rawValue)" + (error.map { ": \($0)" } ?? "")
        case .unknown: "the host could not be seen enough to act" + (error.map { ": \($0)" } ?? "")
        // An ok or changed host with a step left is reported interrupted, above.
        case .notRun, .ok, .changed: "the host was not started; resume runs it"
        }
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }
}
