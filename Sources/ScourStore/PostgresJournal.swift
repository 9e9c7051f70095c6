import Foundation
import PostgresNIO
import ScourEngine

/// A run's journal in `scour.events`: each batch one INSERT, committed (so durable, with the
/// server's default `synchronous_commit`) before `write` returns, its entries in order.
final class PostgresJournal: JournalSink {
    private let session: PostgresSession
    private let run: Int32
    let location: String

    init(session: PostgresSession, run: Int32, location: String) {
        self.session = session
        self.run = run
        self.location = location
    }

    func write(_ lines: [Data]) throws {
        let entries = lines.map { String(decoding: $0, as: UTF8.self) }
        do {
            try session.query("""
                INSERT INTO scour.events (run, entry)
                SELECT \(run), entry FROM unnest(\(entries)::text[]) WITH ORDINALITY AS e(entry, n) ORDER BY n
                """)
        } catch {
            throw RunError("cannot write the journal \(location): \(error)")
        }
    }

    /// The connection is the store's, closed with it.
    func close() {}
}
