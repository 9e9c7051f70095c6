import Foundation
import NIOSSL
import PostgresNIO
import ScourEngine

/// Where a PostgreSQL store is, as libpq writes it: `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB`,
/// or over a unix socket `postgresql://USER@/DB?host=/socket/folder`. `sslmode` is `disable`,
/// `prefer` (the default over TCP: encrypted when the server offers it, its certificate not
/// checked, as libpq does), `require`, or `verify-full` (the certificate checked against HOST).
public struct PostgresURL: Sendable, CustomStringConvertible {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The socket file, `FOLDER/.s.PGSQL.PORT`.
        case unixSocket(path: String)
    }

    public enum TLSMode: String, Sendable {
        case disable, prefer, require
        case verifyFull = "verify-full"
    }

    public var endpoint: Endpoint
    public var user: String
    var password: String?
    public var database: String
    public var tls: TLSMode

    /// The URL without its password: what scour prints.
    public var description: String {
        let target = switch endpoint {
        case .tcp(let host, let port): "\(host.contains(":") ? "[\(host)]" : host):\(port)"
        case .unixSocket(let path): "(socket \(path))"
        }
        return "postgresql://\(user)@\(target)/\(database)"
    }

    /// `text` as given — socket folder, parameters, `sslmode` and all, so it still names the same
    /// store — with its password taken out (from the user part or a `password=` parameter): what
    /// a hint may print for the operator to type again. Nil when `text` is not a URL.
    public static func withoutPassword(_ text: String) -> String? {
        guard var components = URLComponents(string: text) else { return nil }
        components.password = nil
        if let items = components.queryItems {
            let kept = items.filter { $0.name != "password" }
            components.queryItems = kept.isEmpty ? nil : kept
        }
        return components.string
    }

    public init(parsing text: String) throws {
        let refusal = { (why: String) in RunError("not a PostgreSQL URL (\(why)): postgresql://USER@HOST:PORT/DATABASE, or postgresql://USER@/DATABASE?host=/socket/folder") }
        guard let components = URLComponents(string: text), ["postgresql", "postgres"].contains(components.scheme ?? "") else {
            throw refusal("it must start with postgresql://")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        if let unknown = query.keys.first(where: { !["host", "port", "user", "password", "dbname", "sslmode"].contains($0) }) {
            throw refusal("unknown parameter \(unknown)")
        }
        let port: Int
        if let given = query["port"] {
            guard let number = Int(given), (1 ... 65535).contains(number) else { throw refusal("port \(given)") }
            port = number
        } else {
            port = components.port ?? 5432
        }
        let host = query["host"] ?? components.percentEncodedHost.flatMap { $0.removingPercentEncoding } ?? ""
        if host.hasPrefix("/") {
            endpoint = .unixSocket(path: host + "/.s.PGSQL.\(port)")
        } else if host.isEmpty {
            endpoint = .unixSocket(path: "/var/run/postgresql/.s.PGSQL.\(port)")
        } else {
            endpoint = .tcp(host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: port)
        }
        user = query["user"] ?? components.user ?? ProcessInfo.processInfo.userName
        password = query["password"] ?? components.password
        let path = String(components.path.drop(while: { $0 == "/" }))
        database = query["dbname"] ?? (path.isEmpty ? user : path)
        guard let mode = TLSMode(rawValue: query["sslmode"] ?? TLSMode.prefer.rawValue) else {
            throw refusal("sslmode \(query["sslmode"] ?? ""): disable, prefer, require or verify-full")
        }
        tls = mode
    }

    /// How postgres-nio connects to it.
    func configuration() throws -> PostgresConnection.Configuration {
        switch endpoint {
        case .unixSocket(let path):
            return PostgresConnection.Configuration(unixSocketPath: path, username: user, password: password, database: database)
        case .tcp(let host, let port):
            return PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database,
                                                    tls: try connectionTLS())
        }
    }

    private func connectionTLS() throws -> PostgresConnection.Configuration.TLS {
        var settings = TLSConfiguration.makeClientConfiguration()
        if tls != .verifyFull { settings.certificateVerification = .none }
        switch tls {
        case .disable: return .disable
        case .prefer: return .prefer(try NIOSSLContext(configuration: settings))
        case .require, .verifyFull: return .require(try NIOSSLContext(configuration: settings))
        }
    }
}
