import ScourCore

/// The parts of a live status line that `apply` and `plan` share.
enum ProgressLine {
    /// `[######..................]`: `done` of `total`.
    static func bar(done: Int, total: Int) -> String {
        let width = 24
        let filled = total == 0 ? 0 : width * min(done, total) / total
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }

    /// `  in flight: web3 41s, db1 12s`: the three hosts longest at work (escaped); empty when none.
    static func inFlight(_ started: [String: ContinuousClock.Instant]) -> String {
        let slowest = started.sorted { $0.value < $1.value }.prefix(3)
            .map { "\(HostText.terminal($0.key)) \(Int((ContinuousClock.now - $0.value).components.seconds))s" }
        return slowest.isEmpty ? "" : "  in flight: " + slowest.joined(separator: ", ")
    }
}
