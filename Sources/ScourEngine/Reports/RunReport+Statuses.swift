extension RunReport.Host {
    /// Where a host stands in a report: what the journal's `host_finished` recorded
    /// (`HostOutcome.Status`), or `inFlight` when the controller stopped while working on it.
    /// Declared in the order the reports list them.
    public enum Status: String, Sendable, Encodable, CaseIterable, CodingKeyRepresentable {
        case ok, changed, failed, unreachable, drifted, unknown
        /// Stopped between steps, with steps left.
        case interrupted
        /// Started and never finished: the controller stopped while working on it.
        case inFlight = "in_flight"
        /// Never started.
        case notRun = "not_run"

        init(_ recorded: HostOutcome.Status) {
            self = switch recorded {
            case .ok: .ok
            case .changed: .changed
            case .failed: .failed
            case .unreachable: .unreachable
            case .drifted: .drifted
            case .unknown: .unknown
            case .interrupted: .interrupted
            case .notRun: .notRun
            }
        }

        /// Stopped before its steps were done, for a reason other than its own failure: a run
        /// recorded completed with such a host is incomplete, and `resume` goes on with it.
        var isUnfinished: Bool {
            switch self {
            case .interrupted, .inFlight, .notRun: true
            case .ok, .changed, .failed, .unreachable, .drifted, .unknown: false
            }
        }
    }
}

extension RunReport.Step {
    /// Where a step stands in a report: what the journal's `step_finished` recorded
    /// (`StepOutcome.Status`), `inFlight` when it was acting as the run stopped, or `notRun`
    /// when the journal has nothing of it.
    public enum Status: String, Sendable, Encodable {
        case skipped, ok, changed, failed, drifted, unknown
        /// Acting when the run stopped: `resume` checks it again first.
        case inFlight = "in_flight"
        case notRun = "not_run"

        init(_ recorded: StepOutcome.Status) {
            self = switch recorded {
            case .skipped: .skipped
            case .ok: .ok
            case .changed: .changed
            case .failed: .failed
            case .drifted: .drifted
            case .unknown: .unknown
            case .notRun: .notRun
            }
        }
    }
}
