import Foundation

/// Where a journal's entries go: a run folder's `journal.jsonl` (`JournalFile`) or a database
/// table. Called on the journal's own thread, one batch at a time.
public protocol JournalSink: Sendable {
    /// Where the entries go, for the operator (a file path, a database URL without password).
    var location: String { get }
    /// Makes `lines` durable, in order, all or none — each line one entry's JSON without an
    /// end of line. Throws `RunError` when they could not be: the caller must not go on to act.
    func write(_ lines: [Data]) throws
    /// No write follows.
    func close()
}
