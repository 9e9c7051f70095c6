import Foundation
import Synchronization

/// The writer of `journal.jsonl`. `append` returns once the entry's line is on disk
/// (written and fdatasync'ed), so a host's next action never runs ahead of its record.
/// Appends from many hosts share one sync (group commit) on the journal's own thread: the
/// cooperative thread pool never blocks on the disk, and 50 hosts cost a handful of syncs,
/// not one each.
public final class Journal: Sendable {
    private struct Pending {
        var lines: [Data] = []
        var waiters: [CheckedContinuation<Void, any Error>] = []
        var closed = false
    }

    public let path: String
    private let descriptor: Int32
    private let pending = Mutex(Pending())
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    /// Opens `path` for appending, creating it. `keepingBytes` cuts a torn last line off first
    /// (`RunHistory.validLength`), so new entries start on a line of their own.
    public init(path: String, keepingBytes: Int? = nil) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw RunError("cannot open the journal \(path): \(String(cString: strerror(errno)))") }
        if let keepingBytes, ftruncate(descriptor, off_t(keepingBytes)) != 0 {
            let reason = String(cString: strerror(errno))
            Foundation.close(descriptor)
            throw RunError("cannot cut the torn line off \(path): \(reason)")
        }
        let thread = Thread { [self] in writeLoop() }
        thread.name = "scour-journal"
        thread.start()
    }

    /// Writes `event` as one line and returns when it is durable. Throws when the disk refused
    /// it (full, read-only, gone): the caller must not go on to act.
    public func append(_ event: RunEvent) async throws {
        try await append(JournalEntry(event))
    }

    func append(_ entry: JournalEntry) async throws {
        let line = try Self.encoder.encode(entry) + Data("\n".utf8)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let accepted = pending.withLock { pending -> Bool in
                guard !pending.closed else { return false }
                pending.lines.append(line)
                pending.waiters.append(continuation)
                return true
            }
            if accepted { wake.signal() } else { continuation.resume(throwing: RunError("the journal \(path) is closed")) }
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
        let line = last.flatMap { try? Self.encoder.encode(JournalEntry($0)) + Data("\n".utf8) }
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
                let failure = write(lines.reduce(Data(), +))
                for waiter in waiters {
                    if let failure { waiter.resume(throwing: failure) } else { waiter.resume() }
                }
            }
            if closed { break }
        }
        Foundation.close(descriptor)
        stopped.signal()
    }

    /// Writes and syncs `data`; on failure cuts the file back to where it was, so a later
    /// append never lands after half a line.
    private func write(_ data: Data) -> RunError? {
        let end = lseek(descriptor, 0, SEEK_END)
        let failed: Bool = data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue }; return true }
                offset += written
            }
            return fdatasync(descriptor) != 0
        }
        guard failed else { return nil }
        let reason = String(cString: strerror(errno))
        if end >= 0 { _ = ftruncate(descriptor, end) }
        return RunError("cannot write the journal \(path): \(reason)")
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
