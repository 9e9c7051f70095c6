import Foundation
import Logging
import ScourCore
import ScourSSH
import ScourTransport

/// Opens the SSH connection to an inventory host: works out the route — address, login,
/// identities, bastions — from the command line, the inventory and the ssh_config
/// (`ConnectionSettings.route`), then connects, retrying transient failures (refused, reset,
/// timed out, unreachable) under the retry policy and never retrying permanent ones (host key
/// mismatch, unknown host key in strict mode, authentication refused, a host the inventory
/// says is not reached over SSH). Hosts behind the same bastion share one session to it, for
/// as long as this connector's copies live.
public struct HostConnector: Sendable {
    public var settings: ConnectionSettings
    public var logger: Logger
    /// How one attempt is made (libssh2 unless given).
    public var dial: Dialer

    public init(settings: ConnectionSettings, logger: Logger, dial: Dialer? = nil) {
        self.settings = settings
        self.logger = logger
        self.dial = dial ?? Dialers.ssh(sharing: JumpPool())
    }

    /// A connected session and how many attempts it took.
    public struct Connection: Sendable {
        public var session: any Transport
        public var attempts: Int
    }

    /// A host that could not be reached, after `attempts` tries.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var error: SSHError
        public var attempts: Int
        public var description: String {
            attempts > 1 ? "\(error) (after \(attempts) attempts)" : error.description
        }
    }

    /// Connects to `host`, or throws `Failure` once retries are spent or the failure is
    /// permanent. A host with an inventory `refusal` is never contacted.
    public func connect(to host: InventoryHost) async throws -> Connection {
        let route: HostRoute
        do { route = try self.route(for: host) } catch let error as SSHError { throw Failure(error: error, attempts: 0) }
        let hostLogger = logger(for: host)
        var attempts = 0
        do {
            let session = try await settings.retry.run(
                {
                    attempts += 1
                    return try await dial(route, hostLogger)
                },
                isTransient: { ($0 as? SSHError)?.isTransient ?? false },
                onRetry: { attempt, error, delay in
                    hostLogger.info("connection failed, retrying", metadata: [
                        "attempt": "\(attempt)", "error": "\(error)", "delay": "\(delay.scourLiteral)",
                    ])
                }
            )
            return Connection(session: session, attempts: attempts)
        } catch let error as SSHError {
            throw Failure(error: error, attempts: attempts)
        }
    }

    /// One connection attempt within `timeout`, no retries: for polling a host that is coming
    /// back from a reboot, where the caller's own short interval replaces the backoff.
    public func connectOnce(to host: InventoryHost, timeout: Duration) async throws -> any Transport {
        var route = try self.route(for: host)
        route.options.connectTimeout = min(route.options.connectTimeout, timeout)
        return try await dial(route, logger(for: host))
    }

    /// The route to `host` (`ConnectionSettings.route`); a host the inventory refuses
    /// (`ansible_connection=winrm` …) fails with `notSSH` and its reason.
    public func route(for host: InventoryHost) throws -> HostRoute {
        if let refusal = host.refusal { throw SSHError(kind: .notSSH, host: host.name, message: refusal) }
        return try settings.route(for: host)
    }

    private func logger(for host: InventoryHost) -> Logger {
        var hostLogger = logger
        hostLogger[metadataKey: "host"] = "\(host.name)"
        return hostLogger
    }
}
