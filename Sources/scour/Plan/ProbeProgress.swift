import Foundation
import ScourEngine
import Synchronization

/// What `plan` shows on a terminal while it probes, as `apply` does: a status line on stderr,
/// redrawn in place on every host's start and end and every second — hosts probed of all, the
/// failures so far, the slowest hosts in flight — and cleared when the plan is made. Shown from
/// the start, so a slow host (an unreachable one waits for its connect timeout and retries) is
/// seen being worked on.
final class ProbeProgress: Sendable {
    private struct State {
        var done = 0
        var unreachable = 0
        var failed = 0
        var inFlight: [String: ContinuousClock.Instant] = [:]
        /// Cleared for good: a tick late to stop draws nothing over the plan.
        var cleared = false
    }

    private let total: Int
    private let state = Mutex(State())

    init(total: Int) {
        self.total = total
        refresh()
    }

    func started(_ host: String) {
        state.withLock { $0.inFlight[host] = .now }
        refresh()
    }

    func finished(_ plan: HostPlan) {
        state.withLock {
            $0.inFlight[plan.name] = nil
            $0.done += 1
            switch plan.status {
            case .unreachable: $0.unreachable += 1
            case .failed: $0.failed += 1
            case .planned: break
            }
        }
        refresh()
    }

    func refresh() {
        let line = state.withLock { state -> String? in
            guard !state.cleared else { return nil }
            return "probing \(ProgressLine.bar(done: state.done, total: total)) \(state.done)/\(total) hosts"
                + "  unreachable \(state.unreachable)  failed \(state.failed)" + ProgressLine.inFlight(state.inFlight)
        }
        if let line { FileHandle.standardError.write(Data("\r\u{1B}[2K\(line)".utf8)) }
    }

    func finish() {
        state.withLock { $0.cleared = true }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
