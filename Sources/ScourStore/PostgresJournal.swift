import Foundation
import PostgresNIO
import ScourEngine

/// A run's journal in `scour.events`: each batch one INSERT, committed (so durable, with the
/// server's default `synchronous_commit`) before `write` returns, its entries in order. A
/// controller of a shared run writes only until it is evicted (its lease ran out and another
/// took its hosts over): then the write is refused, and so the step it records never acts.
final class PostgresJournal: JournalSink {
    private let session: PostgresSession
    private let run: Int32
    private let controller: Int32?
    let location: String

    init(session: PostgresSession, run: Int32, location: String, controller: Int32? = nil) {
        self.session = session
        self.run = run
        self.location = location
        self.controller = controller
    }

    func write(_ lines: [Data]) throws {
        let entries = lines.map { String(decoding: $0, as: UTF8.self) }
        let written: Int
        do {
            written = try session.query("""
                INSERT INTO scour.events (run, entry)
                SELECT \(run), entry FROM unnest(\(entries)::text[]) WITH ORDINALITY AS e(entry, n)
                WHERE \(controller)::integer IS NULL OR EXISTS (
                    SELECT 1 FROM scour.controllers WHERE id = \(controller) AND left_at IS NULL)
                ORDER BY n
                RETURNING 1
                """).rows.count
        } catch {
            throw RunError("cannot write the journal \(location): \(error)")
        }
        guard written == entries.count else {
            throw RunError("cannot write the journal \(location): this controller's lease ran out and its hosts are another's now")
        }
    }

    /// The connection is the store's, closed with it.
    func close() {}
}
