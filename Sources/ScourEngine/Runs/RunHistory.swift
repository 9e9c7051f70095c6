import Foundation

/// A run's journal read back: where every wave, host and step stands. A torn last line (the
/// controller died mid-write) is left out and reported; a damaged line elsewhere is an error,
/// since what follows it cannot be trusted.
public struct RunHistory: Sendable {
    public enum StepState: Sendable, Equatable {
        /// `step_started` with no end: it was acting when the controller stopped.
        case inFlight(bootID: String?)
        case finished(StepOutcome)
    }

    public struct Host: Sendable {
        public var name: String
        public var wave: Int?
        /// The last `host_finished` status; nil while it never finished.
        public var status: HostOutcome.Status?
        public var error: String?
        /// Step name → the last thing the journal says about it.
        public var steps: [String: StepState] = [:]
        /// Steps in the order their first record appeared.
        public var stepOrder: [String] = []
        /// The detect blocks that matched at the host's first probe.
        public var detections: [Detection]?
        public var elapsedMilliseconds: Int64 = 0
        /// How many times the journal saw each step act (`step_started`).
        public var starts: [String: Int] = [:]
        /// Every file a `remove_files` step set out to quarantine (or delete), in order.
        public var quarantined: [QuarantinedFile] = []

        /// Finished in an earlier attempt with every step of the playbook (`steps`) run: `resume`
        /// leaves it alone. A host recorded ok or changed with a step never finished is not done
        /// (as scour 0.1 recorded a host interrupted between steps).
        public func isDone(steps: [String]) -> Bool {
            (status == .ok || status == .changed) && steps.allSatisfy { completedStep($0) != nil }
        }

        /// The step's outcome if it ended skipped, ok or changed — it is not done again.
        public func completedStep(_ name: String) -> StepOutcome? {
            guard case .finished(let outcome)? = steps[name], [.skipped, .ok, .changed].contains(outcome.status) else { return nil }
            return outcome
        }
    }

    /// Every event, in order.
    public private(set) var events: [RunEvent] = []
    public var hosts: [String: Host] = [:]
    /// Per wave, the results of each time it finished (a resumed wave finishes again).
    public var waveResults: [Int: [RolloutRunner.WaveResult]] = [:]
    public var startedWaves: Set<Int> = []
    /// How the last attempt ended; nil if it never recorded an end (crashed, or still running).
    public var ending: RunEnding?
    public var attempts = 0
    /// When the first and the last line were written.
    public var startedAt: Date?
    public var lastEntryAt: Date?
    /// Bytes of whole lines; a torn tail beyond it is cut off before appending again.
    public var validLength = 0
    /// Set when the last line was torn: what was left out, for the operator.
    public var tornLine: String?
    /// What `scour restore` did, in order.
    public var restores: [RunReport.Restore] = []

    /// Replays `events` as if recorded now (for tests and tools that build a history).
    public init(events: [RunEvent], at time: Date = Date()) {
        for event in events { apply(event, at: time) }
    }

    /// Reads and replays `journal.jsonl`.
    public static func read(path: String) throws -> RunHistory {
        guard let data = FileManager.default.contents(atPath: path) else { throw RunError("cannot read the journal \(path)") }
        let decoder = entryDecoder
        var history = RunHistory(events: [])
        var start = data.startIndex
        var lineNumber = 0
        while start < data.endIndex {
            lineNumber += 1
            let newline = data[start...].firstIndex(of: UInt8(ascii: "\n"))
            let line = data[start..<(newline ?? data.endIndex)]
            let entry = try? decoder.decode(JournalEntry.self, from: line).timedEvent
            guard let newline else {
                // No newline: the write was cut short. Whole or not, it never became durable.
                history.tornLine = "line \(lineNumber) of \(path) is torn (\(line.count) bytes without an end of line): left out"
                break
            }
            guard let entry else {
                if data[(newline + 1)...].allSatisfy({ $0 == UInt8(ascii: "\n") || $0 == 0 }) {
                    history.tornLine = "line \(lineNumber) of \(path) is damaged (\(line.count) bytes): left out"
                    break
                }
                throw RunError("line \(lineNumber) of \(path) cannot be read, and more follows: the journal is damaged")
            }
            history.apply(entry.1, at: entry.0)
            start = newline + 1
            history.validLength = start - data.startIndex
        }
        return history
    }

    /// Replays entries a store kept one apiece (each one entry's JSON, as a journal line holds
    /// it), in order. A store commits whole entries, so one that does not read is damage.
    public static func replay(_ entries: [Data], from location: String) throws -> RunHistory {
        var history = RunHistory(events: [])
        for (index, data) in entries.enumerated() {
            guard let (time, event) = try? entryDecoder.decode(JournalEntry.self, from: data).timedEvent else {
                throw RunError("entry \(index + 1) of the journal in \(location) cannot be read: the journal is damaged")
            }
            history.apply(event, at: time)
        }
        return history
    }

    private static var entryDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = RunClock.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a timestamp: \(text)"))
            }
            return date
        }
        return decoder
    }

    private mutating func apply(_ event: RunEvent, at time: Date) {
        events.append(event)
        if startedAt == nil { startedAt = time }
        lastEntryAt = time
        switch event {
        case .runStarted, .runResumed:
            attempts += 1
            ending = nil
        case .runEnded(let how):
            ending = how
        case .fileRestored(let host, let path, let kind, let status, let detail):
            restores.append(RunReport.Restore(time: time, host: host, path: path, kind: kind, status: status, detail: detail))
        case .waveStarted(let wave, _):
            startedWaves.insert(wave)
        case .waveFinished(let result):
            waveResults[result.index, default: []].append(result)
        case .hostStarted(let name, let wave):
            update(name) {
                if wave > 0 { $0.wave = wave }
                $0.status = nil
            }
        case .hostProbed(let name, let detections):
            update(name) { if $0.detections == nil { $0.detections = detections } }
        case .stepStarted(let name, let step, _, let bootID, let files, _):
            update(name) { host in
                if host.steps[step] == nil { host.stepOrder.append(step) }
                host.steps[step] = .inFlight(bootID: bootID)
                host.starts[step, default: 0] += 1
                host.quarantined += (files ?? []).map { file in
                    var file = file
                    file.step = step
                    return file
                }
            }
        case .stepFinished(let name, let outcome):
            update(name) { host in
                if host.steps[outcome.name] == nil { host.stepOrder.append(outcome.name) }
                host.steps[outcome.name] = .finished(outcome)
            }
        case .hostFinished(let name, let wave, let status, let error, let elapsed):
            update(name) { host in
                if wave > 0 { host.wave = wave }
                host.status = status
                host.error = error
                host.elapsedMilliseconds += elapsed
            }
        }
    }

    private mutating func update(_ name: String, _ change: (inout Host) -> Void) {
        var host = hosts[name] ?? Host(name: name)
        change(&host)
        hosts[name] = host
    }
}

extension RunHistory.Host {
    /// The host's outcome as the journal tells it, for a host `resume` does not touch again.
    func outcome(wave: Int) -> HostOutcome {
        let finished = stepOrder.compactMap { name -> StepOutcome? in
            guard case .finished(let outcome)? = steps[name] else { return nil }
            return outcome
        }
        return HostOutcome(name: name, wave: self.wave ?? wave, status: status ?? .notRun, error: error, steps: finished,
                           elapsedMilliseconds: elapsedMilliseconds)
    }
}
