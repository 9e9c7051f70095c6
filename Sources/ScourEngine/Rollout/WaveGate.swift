import ScourCore

/// What follows a finished wave — the one rule for a rollout worked by one controller
/// (`RolloutRunner`) and for one shared by several (`SharedRolloutRunner`, where the store
/// applies it in the transaction that records the wave's last host).
public enum WaveGate {
    public enum Next: Sendable, Equatable {
        /// The next wave starts after `pause` (zero: at once).
        case open(wave: Int, after: Duration)
        /// The rollout stops here.
        case ended(RunEnding)
    }

    /// The wave's result, counted from its hosts' outcomes. Failures are the hosts that count
    /// toward `max_failures` (drifted ones unless `countsDrift` is false).
    public static func result(
        wave: Int, of outcomes: [HostOutcome], hosts: Int, rollout: Rollout, countsDrift: Bool, elapsed: Duration
    ) -> RolloutRunner.WaveResult {
        func count(_ status: HostOutcome.Status) -> Int { outcomes.filter { $0.status == status }.count }
        return RolloutRunner.WaveResult(
            index: wave, hosts: hosts, ok: count(.ok), changed: count(.changed), failed: count(.failed),
            unreachable: count(.unreachable), drifted: count(.drifted), unknown: count(.unknown), interrupted: count(.interrupted),
            failures: outcomes.filter { $0.countsAsFailure && (countsDrift || $0.status != .drifted) }.count,
            allowedFailures: rollout.maxFailures.allowedFailures(outOf: hosts), elapsedMilliseconds: elapsed.scourMilliseconds)
    }

    /// After wave `result.index` of `waveCount`: past `max_failures` halts (never after the last
    /// wave: nothing is left to halt); `pause = manual` pauses; else the next wave opens after
    /// the pause; after the last wave the rollout is completed.
    public static func next(after result: RolloutRunner.WaveResult, of waveCount: Int, pause: Rollout.Pause) -> Next {
        let wave = result.index
        guard wave < waveCount else { return .ended(.completed) }
        if result.exceedsThreshold { return .ended(.halted(afterWave: wave)) }
        switch pause {
        case .manual: return .ended(.paused(afterWave: wave))
        case .duration(let pause): return .open(wave: wave + 1, after: max(pause, .zero))
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
