import Logging
import ScourSSH
import ScourTransport

/// How one connection attempt to a host is made: with libssh2 unless a test (or another kind
/// of connection) supplies its own.
public typealias Dialer = @Sendable (_ route: HostRoute, _ logger: Logger) async throws -> any Transport

public enum Dialers {
    /// A libssh2 session, directly or through the route's bastions, whose sessions `pool`
    /// shares among every host behind them.
    public static func ssh(sharing pool: JumpPool) -> Dialer {
        { route, logger in
            try await SSHSession.connect(to: route.target, through: route.jumps, pool: pool, options: route.options, logger: logger)
        }
    }
}
