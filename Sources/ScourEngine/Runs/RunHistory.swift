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

        /// Finished cleanly in an earlier attempt: `resume` leaves it alone.
        public var isDone: Bool { status == .ok || status == .changed }

        /// The step's outcome if it ended skipped, ok or changed — it is not done again.
        public func completedStep(_ name: String) -> StepOutcome? {
            guard case .finished(let outcome)? = steps[name], [.skipped, .ok, .changed].contains(outcome.status) else { return nil }
            return outcome
        }
    }

    public var entries: [JournalEntry] = []
    public var hosts: [String: Host] = [:]
    /// Per wave, the results of each time it finished (a resumed wave finishes again).
    public var waveResults: [Int: [RolloutRunner.WaveResult]] = [:]
    public var startedWaves: Set<Int> = []
    /// How the last attempt ended; nil if it never recorded an end (crashed, or still running).
    public var ending: String?
    public var attempts = 0
    /// Bytes of whole lines; a torn tail beyond it is cut off before appending again.
    public var validLength = 0
    /// Set when the last line was torn: what was left out, for the operator.
    public var tornLine: String?
    /// What `scour restore` did, in order (`file_restored` entries).
    public var restores: [JournalEntry] = []

    public init(entries: [JournalEntry]) {
        for entry in entries { apply(entry) }
    }

    /// Reads and replays `journal.jsonl`.
    public static func read(path: String) throws -> RunHistory {
        guard let data = FileManager.default.contents(atPath: path) else { throw RunError("cannot read the journal \(path)") }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = RunClock.parse(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a timestamp: \(text)"))
            }
            return date
        }
        var history = RunHistory(entries: [])
        var start = data.startIndex
        var lineNumber = 0
        while start < data.endIndex {
            lineNumber += 1
            let newline = data[start...].firstIndex(of: UInt8(ascii: "\n"))
            let line = data[start..<(newline ?? data.endIndex)]
            let entry = try? decoder.decode(JournalEntry.self, from: line)
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
            history.apply(entry)
            start = newline + 1
            history.validLength = start - data.startIndex
        }
        return history
    }

    private mutating func apply(_ entry: JournalEntry) {
        entries.append(entry)
        switch entry.event {
        case .runStarted, .runResumed:
            attempts += 1
            ending = nil
        case .runEnded:
            ending = entry.ending
        case .fileRestored:
            restores.append(entry)
        case .waveStarted:
            if let wave = entry.wave { startedWaves.insert(wave) }
        case .waveFinished:
            if let result = entry.waveResult { waveResults[result.index, default: []].append(result) }
        case .hostStarted, .hostProbed, .stepStarted, .stepFinished, .hostFinished:
            guard let name = entry.host else { return }
            var host = hosts[name] ?? Host(name: name)
            host.wave = entry.wave ?? host.wave
            switch entry.event {
            case .hostStarted:
                host.status = nil
            case .hostProbed:
                if host.detections == nil { host.detections = entry.detections }
            case .stepStarted:
                if let step = entry.step {
                    if host.steps[step] == nil { host.stepOrder.append(step) }
                    host.steps[step] = .inFlight(bootID: entry.bootID)
                    host.starts[step, default: 0] += 1
                }
            case .stepFinished:
                if let outcome = entry.stepOutcome {
                    if host.steps[outcome.name] == nil { host.stepOrder.append(outcome.name) }
                    host.steps[outcome.name] = .finished(outcome)
                }
            case .hostFinished:
                host.status = entry.status.flatMap(HostOutcome.Status.init(rawValue:))
                host.error = entry.detail
                host.elapsedMilliseconds += entry.elapsedMilliseconds ?? 0
            default: break
            }
            hosts[name] = host
        }
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
