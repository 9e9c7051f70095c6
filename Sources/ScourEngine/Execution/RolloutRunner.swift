import Foundation
import Logging
import ScourCore
import Synchronization

/// `scour apply`: the playbook across the inventory in waves. Within a wave at most
/// `concurrency` hosts at once (a sliding window); after a wave, more than `max_failures`
/// failed or unreachable hosts halt the rollout before the next one; `pause` waits between
/// waves (or stops the run, for `manual`). An interrupt lets in-flight steps finish and starts
/// nothing new.
public struct RolloutRunner: Sendable {
    public enum Event: Sendable {
        case waveStarted(index: Int, hosts: [String])
        case hostStarted(name: String, wave: Int)
        case hostFinished(HostOutcome)
        case waveFinished(WaveResult)
        case pausing(Duration)
    }

    public struct WaveResult: Sendable, Codable, Equatable {
        public var index: Int
        public var hosts: Int
        public var ok: Int
        public var changed: Int
        public var failed: Int
        public var unreachable: Int
        /// Not touched: changed since the saved plan was made (`apply plan.json`).
        public var drifted = 0
        /// The most failures the wave could take.
        public var allowedFailures: Int
        public var elapsedMilliseconds: Int64

        public var exceedsThreshold: Bool { failed + unreachable > allowedFailures }

        enum CodingKeys: String, CodingKey {
            case index, hosts, ok, changed, failed, unreachable, drifted
            case allowedFailures = "allowed_failures", elapsedMilliseconds = "elapsed_ms"
        }
    }

    public enum Ending: Sendable, Equatable {
        case completed
        /// A wave went past `max_failures`; later waves were not started.
        case halted(wave: Int)
        /// `pause = manual` after this wave.
        case paused(afterWave: Int)
        case interrupted
    }

    public struct Result: Sendable {
        public var ending: Ending
        public var waves: [WaveResult]
        /// Every targeted host, in wave order; hosts never started are `not_run`.
        public var hosts: [HostOutcome]
    }

    public var playbook: Playbook
    public var params: [String: Value]
    public var rollout: Rollout
    public var runID: String
    public var logger: Logger

    public init(playbook: Playbook, params: [String: Value], rollout: Rollout, runID: String, logger: Logger) {
        self.playbook = playbook
        self.params = params
        self.rollout = rollout
        self.runID = runID
        self.logger = logger
    }

    /// A fresh run id: UTC time and 4 random hex digits, sortable (`20261125-053702-3fa1`).
    public static func makeRunID(now: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter.string(from: now) + "-" + String(format: "%04x", UInt16.random(in: 0 ... .max))
    }

    /// Runs `waves` (host names, as `WaveSchedule` made them when the run started). With a
    /// journal, every transition is recorded before the next action; with `history` (resume),
    /// hosts that finished cleanly keep their outcome and the others are worked on from where
    /// they stopped — failed and unreachable ones included, since the operator resumes after
    /// looking at them.
    public func run(
        _ hosts: [InventoryHost], waves: [[String]], connector: HostConnector, interrupted: Interruption,
        journal: Journal? = nil, history: RunHistory? = nil, guardHost: HostGuard? = nil,
        onEvent: @escaping @Sendable (Event) -> Void
    ) async throws -> Result {
        let byName = Dictionary(uniqueKeysWithValues: hosts.map { ($0.name, $0) })
        let executor = HostExecutor(playbook: playbook, params: params, rollout: rollout, runID: runID,
                                    patchSizes: try Planner.patchSizes(of: playbook), logger: logger, journal: journal,
                                    guardHost: guardHost, isInterrupted: { interrupted.isSet })
        var outcomes: [HostOutcome] = []
        var results: [WaveResult] = []
        var ending = Ending.completed
        for (index, names) in waves.enumerated() {
            let wave = index + 1
            // Hosts an earlier attempt finished cleanly keep their outcome.
            var earlier: [String: HostOutcome] = [:]
            for name in names {
                if let host = history?.hosts[name], host.isDone { earlier[name] = host.outcome(wave: wave) }
            }
            let pending = names.filter { earlier[$0] == nil }
            if ending == .completed, interrupted.isSet { ending = .interrupted }
            guard ending == .completed, !pending.isEmpty else {
                outcomes += names.map { earlier[$0] ?? HostOutcome(name: $0, wave: wave, status: .notRun) }
                continue
            }
            var entry = JournalEntry(.waveStarted)
            entry.wave = wave
            entry.hosts = pending
            try await journal?.append(entry)
            onEvent(.waveStarted(index: wave, hosts: pending))
            let start = ContinuousClock.now
            var finished = Array(earlier.values)
            await forEachConcurrently(pending.compactMap { byName[$0] }, limit: rollout.concurrency, { host in
                if interrupted.isSet { return HostOutcome(name: host.name, wave: wave, status: .notRun, error: "the run was interrupted") }
                onEvent(.hostStarted(name: host.name, wave: wave))
                return await executor.run(host, wave: wave, connector: connector, earlier: history?.hosts[host.name])
            }, onResult: { outcome in
                finished.append(outcome)
                onEvent(.hostFinished(outcome))
            })
            let order = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            finished.sort { order[$0.name]! < order[$1.name]! }
            outcomes += finished
            let result = WaveResult(
                index: wave, hosts: names.count, ok: finished.filter { $0.status == .ok }.count,
                changed: finished.filter { $0.status == .changed }.count, failed: finished.filter { $0.status == .failed }.count,
                unreachable: finished.filter { $0.status == .unreachable }.count,
                drifted: finished.filter { $0.status == .drifted }.count,
                allowedFailures: rollout.maxFailures.allowedFailures(outOf: names.count),
                elapsedMilliseconds: (ContinuousClock.now - start).scourMilliseconds)
            results.append(result)
            var finishedEntry = JournalEntry(.waveFinished)
            finishedEntry.wave = wave
            finishedEntry.waveResult = result
            try await journal?.append(finishedEntry)
            onEvent(.waveFinished(result))
            if interrupted.isSet { ending = .interrupted; continue }
            if result.exceedsThreshold { ending = .halted(wave: wave); continue }
            guard wave < waves.count else { continue }
            switch rollout.pause {
            case .manual: ending = .paused(afterWave: wave)
            case .duration(let pause) where pause > .zero:
                onEvent(.pausing(pause))
                try? await Task.sleep(for: pause)
            case .duration: break
            }
        }
        var ended = JournalEntry(.runEnded)
        ended.ending = ending.description
        try await journal?.append(ended)
        return Result(ending: ending, waves: results, hosts: outcomes)
    }
}

extension RolloutRunner.Ending: CustomStringConvertible {
    public var description: String {
        switch self {
        case .completed: "completed"
        case .halted(let wave): "halted after wave \(wave)"
        case .paused(let wave): "paused after wave \(wave)"
        case .interrupted: "interrupted"
        }
    }
}

extension Share {
    /// How many failed hosts a wave of `count` may have before the rollout halts. A percentage
    /// rounds down (10% of 5 hosts tolerates none), so a threshold never allows more than it says.
    func allowedFailures(outOf count: Int) -> Int {
        switch self {
        case .count(let n): return n
        case .percent(let p): return Int((Double(count) * p / 100).rounded(.down))
        }
    }
}

/// Set when the operator presses Ctrl-C: in-flight steps finish, nothing new starts.
public final class Interruption: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public var isSet: Bool { flag.load(ordering: .relaxed) }
    public func set() { flag.store(true, ordering: .relaxed) }
}
