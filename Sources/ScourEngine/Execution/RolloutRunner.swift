import Foundation
import Logging
import ScourCore

/// `scour apply`: the playbook across the inventory in waves. Within a wave at most
/// `concurrency` hosts at once (a sliding window); after a wave, more than `max_failures`
/// failed, unreachable, unknown or drifted hosts halt the rollout before the next one; `pause` waits between
/// waves (or stops the run, for `manual`). An interrupt lets in-flight steps finish and starts
/// nothing new.
public struct RolloutRunner: Sendable {
    public enum Event: Sendable {
        case waveStarted(index: Int, hosts: [String])
        case hostStarted(name: String, wave: Int)
        case hostFinished(HostOutcome)
        case waveFinished(WaveResult)
        /// The wave went past `max_failures` and later waves will not start.
        case halting(WaveResult)
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
        /// Left alone: its decisions rested on something the probe could not see.
        public var unknown = 0
        /// Stopped between steps, with steps left.
        public var interrupted = 0
        /// The hosts that count toward `max_failures`: failed, unreachable, unknown, and drifted
        /// unless the run was told `--drift-is-not-failure`.
        public var failures = 0
        /// The most failures the wave could take.
        public var allowedFailures: Int
        public var elapsedMilliseconds: Int64

        public var exceedsThreshold: Bool { failures > allowedFailures }

        enum CodingKeys: String, CodingKey {
            case index, hosts, ok, changed, failed, unreachable, drifted, unknown, interrupted, failures
            case allowedFailures = "allowed_failures", elapsedMilliseconds = "elapsed_ms"
        }
    }

    public struct Result: Sendable {
        public var ending: RunEnding
        public var waves: [WaveResult]
        /// Every targeted host, in wave order; hosts never started are `not_run`.
        public var hosts: [HostOutcome]
    }

    /// What the run works from: the playbook, params, rollout and hosts, each host's variables
    /// and playbook worked out once.
    public var inputs: RunInputs
    public var runID: String
    public var logger: Logger
    /// Whether drifted hosts count toward `max_failures` (`--drift-is-not-failure` says no).
    public var countsDrift = true

    public init(inputs: RunInputs, runID: String, logger: Logger) {
        self.inputs = inputs
        self.runID = runID
        self.logger = logger
    }

    private var rollout: Rollout { inputs.rollout }

    /// Runs `waves` (host names, as `WaveSchedule` made them when the run started). With a
    /// journal, every transition is recorded before the next action; with `history` (resume),
    /// hosts that finished cleanly keep their outcome and the others are worked on from where
    /// they stopped — failed and unreachable ones included, since the operator resumes after
    /// looking at them.
    public func run(
        waves: [[String]], connector: HostConnector, interrupted: Interruption,
        journal: Journal? = nil, history: RunHistory? = nil, guardHost: HostGuard? = nil,
        onEvent: @escaping @Sendable (Event) -> Void
    ) async throws -> Result {
        let byName = Dictionary(uniqueKeysWithValues: inputs.hosts.map { ($0.name, $0) })
        let executor = HostExecutor(inputs: inputs, runID: runID, logger: logger, journal: journal,
                                    guardHost: guardHost, isInterrupted: { interrupted.isSet })
        var outcomes: [HostOutcome] = []
        var results: [WaveResult] = []
        var ending = RunEnding.completed
        let stepNames = inputs.playbook.steps.map(\.name)
        for (index, names) in waves.enumerated() {
            let wave = index + 1
            // Hosts an earlier attempt finished cleanly keep their outcome.
            var earlier: [String: HostOutcome] = [:]
            for name in names {
                if let host = history?.hosts[name], host.isDone(steps: stepNames) { earlier[name] = host.outcome(wave: wave) }
            }
            let pending = names.filter { earlier[$0] == nil }
            if ending == .completed, interrupted.isSet { ending = .interrupted }
            guard ending == .completed, !pending.isEmpty else {
                outcomes += names.map { earlier[$0] ?? HostOutcome(name: $0, wave: wave, status: .notRun) }
                continue
            }
            try await journal?.append(.waveStarted(wave: wave, hosts: pending))
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
            let result = WaveGate.result(wave: wave, of: finished, hosts: names.count, rollout: rollout, countsDrift: countsDrift,
                                         elapsed: ContinuousClock.now - start)
            results.append(result)
            try await journal?.append(.waveFinished(result))
            onEvent(.waveFinished(result))
            if interrupted.isSet || result.interrupted > 0 { ending = .interrupted; continue }
            switch WaveGate.next(after: result, of: waves.count, pause: rollout.pause) {
            case .ended(.completed): break
            case .ended(let stop):
                ending = stop
                if case .halted = stop { onEvent(.halting(result)) }
            case .open(_, let pause) where pause > .zero:
                onEvent(.pausing(pause))
                try? await Task.sleep(for: pause)
            case .open: break
            }
        }
        try await journal?.append(.runEnded(ending))
        return Result(ending: ending, waves: results, hosts: outcomes)
    }
}

extension RolloutRunner.WaveResult {
    /// Journals written before `unknown` and `failures` were recorded: none unknown, and the
    /// failures counted then (failed and unreachable).
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        index = try values.decode(Int.self, forKey: .index)
        hosts = try values.decode(Int.self, forKey: .hosts)
        ok = try values.decode(Int.self, forKey: .ok)
        changed = try values.decode(Int.self, forKey: .changed)
        failed = try values.decode(Int.self, forKey: .failed)
        unreachable = try values.decode(Int.self, forKey: .unreachable)
        drifted = try values.decodeIfPresent(Int.self, forKey: .drifted) ?? 0
        unknown = try values.decodeIfPresent(Int.self, forKey: .unknown) ?? 0
        interrupted = try values.decodeIfPresent(Int.self, forKey: .interrupted) ?? 0
        failures = try values.decodeIfPresent(Int.self, forKey: .failures) ?? failed + unreachable
        allowedFailures = try values.decode(Int.self, forKey: .allowedFailures)
        elapsedMilliseconds = try values.decode(Int64.self, forKey: .elapsedMilliseconds)
    }
}
