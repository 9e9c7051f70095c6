import Foundation
import Logging
import ScourCore
import ScourSSH

/// Opens the SSH connection to an inventory host: works out the address, login and identities
/// from the command line and the inventory, then connects, retrying transient failures (refused,
/// reset, timed out, unreachable) under the retry policy and never retrying permanent ones (host
/// key mismatch, unknown host key in strict mode, authentication refused).
public struct HostConnector: Sendable {
    public var settings: ConnectionSettings
    public var logger: Logger
    /// How one attempt is made (libssh2 unless given).
    public var dial: Dialer

    public init(settings: ConnectionSettings, logger: Logger, dial: @escaping Dialer = Dialers.ssh) {
        self.settings = settings
        self.logger = logger
        self.dial = dial
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

    /// Connects to `host`, or throws `Failure` once retries are spent or the failure is permanent.
    public func connect(to host: InventoryHost) async throws -> Connection {
        let target = self.target(for: host)
        let options = clientOptions(for: host)
        var hostLogger = logger
        hostLogger[metadataKey: "host"] = "\(host.name)"
        var attempts = 0
        do {
            let session = try await settings.retry.run(
                {
                    attempts += 1
                    return try await dial(target, options, hostLogger)
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
        var options = clientOptions(for: host)
        options.connectTimeout = min(options.connectTimeout, timeout)
        var hostLogger = logger
        hostLogger[metadataKey: "host"] = "\(host.name)"
        return try await dial(target(for: host), options, hostLogger)
    }

    /// The address, port and login for `host`: `--user` overrides `ansible_user`, which
    /// overrides the local user name.
    public func target(for host: InventoryHost) -> SSHTarget {
        SSHTarget(
            host: host.address,
            port: host.port ?? 22,
            user: settings.user ?? host.user ?? ProcessInfo.processInfo.environment["USER"] ?? "root"
        )
    }

    /// Identities in the order of docs/cli.md: `--identity`, else the inventory's key file, else
    /// ssh-agent, else `~/.ssh/id_ed25519` and `~/.ssh/id_ecdsa` where they exist; an inventory
    /// password (`ansible_password`, discouraged) comes last.
    public func clientOptions(for host: InventoryHost) -> SSHClientOptions {
        var identities: [SSHIdentity] = []
        if let file = settings.identityFile {
            identities.append(.keyFile(path: file, passphrase: nil))
        } else if let file = host.privateKeyFile {
            identities.append(.keyFile(path: file, passphrase: nil))
        } else {
            if let socket = settings.agentSocket { identities.append(.agent(socket: socket)) }
            for name in ["id_ed25519", "id_ecdsa"] {
                let path = "\(settings.homeDirectory)/.ssh/\(name)"
                if FileManager.default.fileExists(atPath: path) {
                    identities.append(.keyFile(path: path, passphrase: nil))
                }
            }
        }
        if let password = host.password {
            identities.append(.password(password.value))
        }
        return SSHClientOptions(
            knownHostsFile: settings.knownHostsFile,
            hostKeyPolicy: settings.acceptNewHostKeys ? .acceptNew : .strict,
            identities: identities,
            connectTimeout: settings.connectTimeout,
            keepaliveInterval: .seconds(15)
        )
    }
}
