extension RunHistory {
    /// Per host, the config files the run edited, as its `step_finished` lines recorded them:
    /// the last record per path (a config edited twice still has the first original as backup).
    public var configEdits: [String: [ConfigEdit]] {
        var edits: [String: [ConfigEdit]] = [:]
        for entry in entries where entry.event == .stepFinished {
            guard let host = entry.host, let recorded = entry.configEdits else { continue }
            for edit in recorded {
                edits[host, default: []].removeAll { $0.path == edit.path }
                edits[host, default: []].append(edit)
            }
        }
        return edits
    }
}
