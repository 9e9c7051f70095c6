import ScourCore
import Testing

@testable import ScourEngine

/// What follows a wave: one rule for a run worked by one controller and for a shared one.
@Suite struct WaveGateTests {
    private func outcomes(_ statuses: [HostOutcome.Status]) -> [HostOutcome] {
        statuses.enumerated().map { HostOutcome(name: "h\($0.offset)", wave: 2, status: $0.element) }
    }

    private func result(_ statuses: [HostOutcome.Status], maxFailures: Share = .count(1), countsDrift: Bool = true) -> RolloutRunner.WaveResult {
        var rollout = Rollout()
        rollout.maxFailures = maxFailures
        return WaveGate.result(wave: 2, of: outcomes(statuses), hosts: statuses.count, rollout: rollout, countsDrift: countsDrift, elapsed: .milliseconds(1500))
    }

    @Test func a_wave_is_counted_by_status_and_its_failures_are_the_hosts_left_uncleaned() {
        let counted = result([.ok, .changed, .changed, .failed, .unreachable, .unknown, .drifted])
        #expect([counted.ok, counted.changed, counted.failed, counted.unreachable, counted.unknown, counted.drifted] == [1, 2, 1, 1, 1, 1])
        #expect(counted.failures == 4 && counted.allowedFailures == 1 && counted.elapsedMilliseconds == 1500)
        #expect(result([.drifted, .drifted], countsDrift: false).failures == 0, "--drift-is-not-failure")
        #expect(result(Array(repeating: .failed, count: 10), maxFailures: .percent(25)).allowedFailures == 2, "25% of 10 rounds down")
    }

    @Test func past_max_failures_halts_before_the_next_wave_but_never_after_the_last() {
        let failing = result([.failed, .failed, .ok])
        #expect(WaveGate.next(after: failing, of: 3, pause: .duration(.zero)) == .ended(.halted(afterWave: 2)))
        #expect(WaveGate.next(after: failing, of: 2, pause: .duration(.zero)) == .ended(.completed))
        #expect(WaveGate.next(after: failing, of: 3, pause: .manual) == .ended(.halted(afterWave: 2)), "a halt beats a pause")
    }

    @Test func a_wave_within_its_threshold_opens_the_next_after_the_pause_or_pauses_the_run() {
        let fine = result([.failed, .ok, .changed])
        #expect(WaveGate.next(after: fine, of: 3, pause: .duration(.seconds(30))) == .open(wave: 3, after: .seconds(30)))
        #expect(WaveGate.next(after: fine, of: 3, pause: .duration(.zero)) == .open(wave: 3, after: .zero))
        #expect(WaveGate.next(after: fine, of: 3, pause: .manual) == .ended(.paused(afterWave: 2)))
        #expect(WaveGate.next(after: fine, of: 2, pause: .manual) == .ended(.completed), "nothing to pause before")
    }
}
