import ScourHost

extension RunHistory {
    /// Per host, the config files the run edited, the last record per path: what a step's
    /// `step_finished` recorded of its edits — for a failed step, those it left written, `[]`
    /// for none (never written, or put back) — else — a failed step that could not say, or one
    /// that never finished because the controller stopped — what its `step_started` said it was
    /// about to do (`ConfigEdit`).
    /// A file edited again later in the run keeps its first original: the backup is made once.
    public var configEdits: [String: [ConfigEdit]] {
        var edits: [String: [ConfigEdit]] = [:]
        /// host → step → the edits a step of the current attempt announced and has not ended.
        var announced: [String: [String: [ConfigEdit]]] = [:]
        func keep(_ records: [ConfigEdit], on host: String) {
            for record in records {
                var record = record
                if record.mode == nil, let earlier = edits[host]?.first(where: { $0.path == record.path }) {
                    (record.sha256Before, record.mode, record.owner, record.group, record.mtime) =
                        (earlier.sha256Before, earlier.mode, earlier.owner, earlier.group, earlier.mtime)
                }
                edits[host, default: []].removeAll { $0.path == record.path }
                edits[host, default: []].append(record)
            }
        }
        func cutOff() {
            for (host, steps) in announced { for records in steps.values { keep(records, on: host) } }
            announced = [:]
        }
        for event in events {
            switch event {
            case .runStarted, .runResumed:
                cutOff()
            case .stepStarted(let host, let step, _, _, _, let editing?):
                announced[host, default: [:]][step] = editing
            case .stepFinished(let host, let outcome):
                let planned = announced[host]?.removeValue(forKey: outcome.name)
                keep(outcome.configEdits ?? planned ?? [], on: host)
            default:
                break
            }
        }
        cutOff()
        return edits
    }
}
