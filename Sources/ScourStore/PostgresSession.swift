import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import ScourEngine
import Synchronization

/// One connection to a store's database, used by one caller at a time: a call blocks its
/// thread until the server answers, as the run API is synchronous (the journal writes from its
/// own thread, never from the cooperative pool). The connection is also what holds a run's
/// advisory lock: the server lets go of it when the connection ends, however the process ends.
final class PostgresSession: Sendable {
    let url: PostgresURL
    private let connection: PostgresConnection
    /// One caller at a time: a transaction's statements must not interleave with another's.
    private let turn = Mutex(())
    private static let logger = Logger(label: "scour.store")

    init(_ url: PostgresURL) throws {
        self.url = url
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: try url.configuration(), id: 1, logger: Self.logger
            ).wait()
        } catch {
            throw RunError("cannot reach the run store \(url): \(Self.describe(error))")
        }
    }

    /// Closes the connection without waiting, keeping it until it is closed (postgres-nio
    /// insists on that).
    deinit { connection.close().whenComplete { [connection] _ in withExtendedLifetime(connection) {} } }

    /// Calls `onNotify` for every notification on `channel` (postgres-nio sends the LISTEN).
    func listen(_ channel: String, _ onNotify: @escaping @Sendable () -> Void) {
        connection.addListener(channel: channel) { _, _ in onNotify() }
    }

    /// Runs one statement on its own (committed when it returns).
    @discardableResult
    func query(_ statement: PostgresQuery) throws -> PostgresQueryResult {
        try turn.withLock { _ in try run(statement) }
    }

    /// Runs `body`'s statements in one transaction: committed if it returns, rolled back if it throws.
    func transaction<T>(_ body: (Statements) throws -> T) throws -> T {
        try turn.withLock { _ in
            try run("BEGIN")
            do {
                let value = try body(Statements(session: self))
                try run("COMMIT")
                return value
            } catch {
                _ = try? run("ROLLBACK")
                throw error
            }
        }
    }

    /// The statements of a transaction under way.
    struct Statements {
        fileprivate let session: PostgresSession
        @discardableResult
        func query(_ statement: PostgresQuery) throws -> PostgresQueryResult { try session.run(statement) }
    }

    private func run(_ statement: PostgresQuery) throws -> PostgresQueryResult {
        do {
            return try connection.query(statement, logger: Self.logger).wait()
        } catch {
            throw RunError("the run store \(url): \(Self.describe(error))")
        }
    }

    /// What went wrong, in the server's words when it said something. postgres-nio's own
    /// description is deliberately generic.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return message + (error.serverInfo?[.detail].map { " (\($0))" } ?? "")
        }
        if let underlying = error.underlying { return "\(underlying)" }
        return "\(error.code)"
    }
}
