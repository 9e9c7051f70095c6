import Foundation
import Logging
import ScourCore
import Synchronization

/// A shared run's rollout as one of its controllers works it (`apply`, `resume` or `join` on
/// a run kept in PostgreSQL): while the run has not ended, claim hosts of the open wave this
/// controller may reach, up to the rollout's concurrency, and work each as `RolloutRunner`
/// does — a host some controller held before (it died, or the run is resumed) from where its
/// journal says, as `resume` does. Waves, `max_failures`, pauses and halts are the store's
/// decision over the whole run (`WaveGate`), seen by every controller at its next look: at
/// once when told (`Wakeup`, from the store's notifications), else within `poll`.
struct SharedRolloutRunner: Sendable {
    let inputs: RunInputs
    let runID: String
    let logger: Logger
    let claims: any RunClaims
    /// The run's hosts by wave, as its record fixed them.
    let waves: [[String]]
    /// The run's hosts this controller may claim.
    let claimable: Set<String>
    let lease: Duration
    let wake: Wakeup
    /// The journal read back, for a host some controller held before.
    let readHistory: @Sendable () throws -> RunHistory

    /// The hosts in flight, and the first failure of the store or the lease.
    private final class Progress: Sendable {
        private struct State {
            var inFlight = 0
            var failure: (any Error)?
        }

        private let state = Mutex(State())
        var inFlight: Int { state.withLock { $0.inFlight } }
        var failure: (any Error)? { state.withLock { $0.failure } }
        func started() { state.withLock { $0.inFlight += 1 } }
        func finished() { state.withLock { $0.inFlight -= 1 } }
        func failed(_ error: any Error) { state.withLock { if $0.failure == nil { $0.failure = error } } }
    }

    /// How long a controller with nothing to do waits before it looks again — how soon it
    /// takes over the hosts of a controller whose lease ran out, which nobody announces.
    var poll: Duration { min(.seconds(1), lease / 4) }

    /// Works the run until it ends (what the store recorded), or until this controller is
    /// interrupted (`.interrupted`: its hosts in flight finish, or are let go between steps).
    /// `arrival` (`run_started`, `run_resumed`) is journaled before this controller's first
    /// host, never by one that found nothing to do (a `join` of a run that had ended would
    /// reopen it in the journal's eyes). Returns the ending and whether it worked any host.
    /// Throws when the store failed it or its lease ran out, once its hosts in flight stopped.
    func run(
        connector: HostConnector, interrupted: Interruption, journal: Journal, arrival: RunEvent, history: RunHistory?,
        guardHost: HostGuard?, onEvent: @escaping @Sendable (RolloutRunner.Event) -> Void
    ) async throws -> (ending: RunEnding, arrived: Bool) {
        let calls = StoreCalls()
        let progress = Progress()
        let fail: @Sendable (any Error) -> Void = { error in
            progress.failed(error)
            interrupted.set()
            wake.signal()
        }
        let executor = HostExecutor(inputs: inputs, runID: runID, logger: logger, journal: journal, guardHost: guardHost,
                                    isInterrupted: { interrupted.isSet })
        let byName = Dictionary(uniqueKeysWithValues: inputs.hosts.map { ($0.name, $0) })
        let renewal = LeaseRenewal(claims: claims, lease: lease, runID: runID, onLost: fail)
        defer { renewal.stop() }
        var ending: RunEnding?
        var shown = Shown()
        var known = history
        var arrived = false
        await withDiscardingTaskGroup { group in
            while true {
                let inFlight = progress.inFlight
                if interrupted.isSet || ending != nil {
                    if inFlight == 0 { break }
                    await wake.wait(timeout: poll)
                    continue
                }
                let answer: ClaimAnswer
                do {
                    answer = try await calls.run { [claims, claimable, concurrency = inputs.rollout.concurrency] in
                        try claims.claim(upTo: concurrency - inFlight, among: claimable)
                    }
                } catch {
                    fail(error)
                    continue
                }
                shown.report(answer, onEvent: onEvent)
                ending = answer.ending
                if answer.hosts.contains(where: \.wasClaimed) {
                    do { known = try await calls.run(readHistory) } catch { fail(error); continue }
                }
                if !answer.hosts.isEmpty, !arrived {
                    do { try await journal.append(arrival) } catch { fail(RunError("\(error); nothing was done")); continue }
                    arrived = true
                }
                for claimed in answer.hosts {
                    guard let host = byName[claimed.name] else { continue }
                    if shown.waves.insert(claimed.wave).inserted {
                        onEvent(.waveStarted(index: claimed.wave, hosts: waves[claimed.wave - 1].filter(claimable.contains)))
                    }
                    progress.started()
                    let earlier = known?.hosts[claimed.name]
                    group.addTask {
                        onEvent(.hostStarted(name: claimed.name, wave: claimed.wave))
                        let outcome = await executor.run(host, wave: claimed.wave, connector: connector, earlier: earlier)
                        do { try await calls.run { try claims.finish(outcome) } } catch { fail(error) }
                        onEvent(.hostFinished(outcome))
                        progress.finished()
                        wake.signal()
                    }
                }
                await wake.wait(timeout: poll)
            }
        }
        if let failure = progress.failure { throw failure }
        return (ending ?? .interrupted, arrived)
    }

    /// The waves this controller showed starting and finishing: other controllers' ends of
    /// them come with the next claim's answer.
    private struct Shown {
        var waves: Set<Int> = []
        var finished: Set<Int> = []

        mutating func report(_ answer: ClaimAnswer, onEvent: @Sendable (RolloutRunner.Event) -> Void) {
            for result in answer.waveResults where waves.contains(result.index) && finished.insert(result.index).inserted {
                onEvent(.waveFinished(result))
                if answer.ending == .halted(afterWave: result.index) { onEvent(.halting(result)) }
            }
        }
    }
}
