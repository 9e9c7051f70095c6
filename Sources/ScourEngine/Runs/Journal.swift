import Foundation
import Synchronization

/// The writer of a run's journal. `append` returns once the entry is durable in its sink (the
/// file's line written and fdatasync'ed, or the database's row committed), so a host's next
/// action never runs ahead of its record. Appends from many hosts share one write (group
/// commit) on the journal's own thread: the cooperative thread pool never blocks on the disk or
/// the network, and 50 hosts cost a handful of syncs, not one each.
public final class Journal: Sendable {
    private struct Pending {
        var lines: [Data] = []
        var waiters: [CheckedContinuation<Void, any Error>] = []
        var closed = false
    }

    private let sink: any JournalSink
    private let pending = Mutex(Pending())
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    /// Where the entries go, for the operator.
    public var location: String { sink.location }

    /// Appends to `journal.jsonl` at `path`, creating it. `keepingBytes` cuts a torn last line
    /// off first (`RunHistory.validLength`), so new entries start on a line of their own.
    public convenience init(path: String, keepingBytes: Int? = nil) throws {
        self.init(sink: try JournalFile(path: path, keepingBytes: keepingBytes))
    }

    /// Appends to `sink`, which gets each batch on the journal's thread.
    public init(sink: any JournalSink) {
        self.sink = sink
        let thread = Thread { [self] in writeLoop() }
        thread.name = "scour-journal"
        thread.start()
    }

    /// Writes `event` as one line and returns when it is durable. Throws when the disk refused
    /// it (full, read-only, gone): the caller must not go on to act.
    public func append(_ event: RunEvent) async throws {
        try await append(JournalEntry(event))
    }

    /// `event` as one journal entry's JSON, stamped now: for a store that records an entry in a
    /// transaction of its own (a shared run's wave gate).
    public static func entry(_ event: RunEvent) throws -> Data {
        try encoder.encode(JournalEntry(event))
    }

    func append(_ entry: JournalEntry) async throws {
        let line = try Self.encoder.encode(entry)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let accepted = pending.withLock { pending -> Bool in
                guard !pending.closed else { return false }
                pending.lines.append(line)
                pending.waiters.append(continuation)
                return true
            }
            if accepted { wake.signal() } else { continuation.resume(throwing: RunError("the journal \(location) is closed")) }
        }
    }

    /// Writes what is pending, then stops the writer and closes the file. Closing again does nothing.
    public func close() {
        close(recording: nil)
    }

    /// Writes what is pending and then `last` as the final line, and closes: appends after
    /// this are refused. For a stop that does not wait for the steps in flight — their
    /// `step_started` lines stay without an end, which is what `resume` checks again.
    public func close(recording last: RunEvent?) {
        let line = last.flatMap { try? Self.encoder.encode(JournalEntry($0)) }
        let wasClosed = pending.withLock { pending in
            defer { pending.closed = true }
            if !pending.closed, let line { pending.lines.append(line) }
            return pending.closed
        }
        guard !wasClosed else { return }
        wake.signal()
        stopped.wait()
    }

    private func writeLoop() {
        while true {
            wake.wait()
            let (lines, waiters, closed) = pending.withLock { pending in
                defer { pending.lines = []; pending.waiters = [] }
                return (pending.lines, pending.waiters, pending.closed)
            }
            if !lines.isEmpty {
                var failure: (any Error)?
                do { try sink.write(lines) } catch { failure = error }
                for waiter in waiters {
                    if let failure { waiter.resume(throwing: failure) } else { waiter.resume() }
                }
            }
            if closed { break }
        }
        sink.close()
        stopped.signal()
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RunClock.format(date))
        }
        return encoder
    }()
}


/// Timestamps in run files: UTC ISO 8601 with milliseconds (`2026-11-25T06:41:07.123Z`).
enum RunClock {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    static func format(_ date: Date) -> String { date.formatted(style) }
    static func parse(_ text: String) -> Date? { try? style.parse(text) }
}
