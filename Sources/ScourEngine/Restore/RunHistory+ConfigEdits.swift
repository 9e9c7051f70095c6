extension RunHistory {
    /// Per host, the config files the run edited, as its `step_finished` events recorded them:
    /// the last record per path (a config edited twice still has the first original as backup).
    public var configEdits: [String: [ConfigEdit]] {
        var edits: [String: [ConfigEdit]] = [:]
        for case .stepFinished(let host, let outcome) in events {
            for edit in outcome.configEdits ?? [] {
                edits[host, default: []].removeAll { $0.path == edit.path }
                edits[host, default: []].append(edit)
            }
        }
        return edits
    }
}
