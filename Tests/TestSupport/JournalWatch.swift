import Foundation

/// Blocks the calling thread (one of its own: never Swift's pool) until a run under
/// `runsFolder` has journaled `event` (`step_started`…), polling every 50 ms, for at most
/// `timeout`; returns that run's id, or nil. What tests that act on a run in progress wait for,
/// rather than a fixed delay a loaded machine can outlast.
public func waitForJournal(in runsFolder: String, event: String, timeout: TimeInterval = 30) -> String? {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        Thread.sleep(forTimeInterval: 0.05)
        guard let run = try? FileManager.default.contentsOfDirectory(atPath: runsFolder).first,
              let text = try? String(contentsOfFile: "\(runsFolder)/\(run)/journal.jsonl", encoding: .utf8),
              text.contains(#""event":"\#(event)""#) else { continue }
        return run
    }
    return nil
}
