import Logging
import ScourCore
import ScourHost
import ScourSSH
import ScourTransport

/// `scour exec`: one command on many hosts at once — "who has root.exe?".
///
/// Each host gets its own connection (opened with `HostConnector`, so transient failures are
/// retried with backoff) and one exec channel. The command itself is never retried: it may not
/// be idempotent, and a responder asking a question wants the first answer.
public struct AdHocCommand: Sendable {
    public var command: String
    /// Bytes fed to the command's standard input (a script for `sh -s`), if any.
    public var stdin: [UInt8]?
    /// How long the command may run on a host before it is abandoned.
    public var timeout: Duration?
    /// Hosts worked on at once; a sliding window, so one slow host never holds back the rest.
    public var concurrency: Int

    public init(command: String, stdin: [UInt8]? = nil, timeout: Duration? = nil, concurrency: Int) {
        self.command = command
        self.stdin = stdin
        self.timeout = timeout
        self.concurrency = concurrency
    }

    /// Runs the command on every host; `onOutcome` sees each host as soon as it is done.
    public func run(
        on hosts: [InventoryHost],
        connector: HostConnector,
        onOutcome: (HostCommandOutcome) async -> Void
    ) async {
        await forEachConcurrently(hosts, limit: concurrency, { host in
            await self.run(on: host, connector: connector)
        }, onResult: onOutcome)
    }

    private func run(on host: InventoryHost, connector: HostConnector) async -> HostCommandOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        let result: HostCommandOutcome.Result
        do {
            let connection = try await connector.connect(to: host)
            do {
                result = .completed(try await exec(on: connection.session, host: host))
            } catch let error as SSHError {
                result = .failed(error)
            } catch {
                result = .failed(SSHError(kind: .channelFailure, host: host.name, message: "\(error)"))
            }
            await connection.session.close()
        } catch let failure as HostConnector.Failure {
            result = .unreachable(failure.error, attempts: failure.attempts)
        } catch {
            result = .unreachable(
                SSHError(kind: .protocolFailure, host: host.name, message: "\(error)"), attempts: 1)
        }
        return HostCommandOutcome(host: host, result: result, elapsed: clock.now - start)
    }

    /// The command as the login, or — when the host becomes another user — as the script of
    /// the elevated shell (`HostShell.elevation`), sudo's refusals said plainly.
    private func exec(on session: any Transport, host: InventoryHost) async throws -> ExecResult {
        guard host.become.enabled == true else { return try await session.exec(command, stdin: stdin, timeout: timeout) }
        let elevation: Elevation
        do { elevation = try host.platform.shell.elevation(host.become) } catch {
            throw SSHError(kind: .channelFailure, host: host.name, message: "\(error)")
        }
        guard stdin == nil else { throw SSHError(kind: .channelFailure, host: host.name, message: "a command run through sudo takes no stdin of its own") }
        do {
            return try await session.exec(elevation.command, sudo: elevation.handshake, stdin: Array((command + "\n").utf8), timeout: timeout)
        } catch let refusal as SudoRefusal {
            throw SSHError(kind: .channelFailure, host: host.name, message: elevation.reason(for: refusal))
        }
    }
}
