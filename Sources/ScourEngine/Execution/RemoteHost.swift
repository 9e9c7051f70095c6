import Foundation
import ScourCore
import ScourSSH

/// One host as the executor talks to it: a session that is re-opened (with the connector's
/// retries) when it was lost, scripts run through `sh -s` so values travel as quoted data on
/// stdin, and probes of some items to check and verify steps.
actor RemoteHost {
    let host: InventoryHost
    let platform: Platform
    private let connector: HostConnector
    private var session: SSHSession?

    init(host: InventoryHost, platform: Platform, connector: HostConnector) {
        self.host = host
        self.platform = platform
        self.connector = connector
    }

    /// The open session, connecting (with retries) if there is none.
    func connected() async throws -> SSHSession {
        if let session { return session }
        let connection = try await connector.connect(to: host)
        session = connection.session
        return connection.session
    }

    /// Closes the session (after a reboot, or at the end).
    func disconnect() async {
        await session?.close()
        session = nil
    }

    /// Runs a script of the host's platform — POSIX sh or PowerShell — sent on stdin behind a
    /// constant command line (`/bin/sh -s`, or the `-EncodedCommand` bootstrap), so no value is
    /// ever parsed by the login shell.
    func runScript(_ script: String, timeout: Duration) async throws -> ExecResult {
        let command = platform == .linux ? ProbeScript.posixCommand : ProbeScript.powerShellCommand
        return try await connected().exec(command, stdin: Array(script.utf8), timeout: timeout)
    }

    /// Runs `script`, then answers `items` — in the same exec on linux (the script's output goes
    /// to stderr, the probe's frame alone to stdout), saving a round trip per step. The
    /// observation is nil when the script failed, and on windows, where the caller probes next.
    func runScript(_ script: String, thenProbe items: [ProbeItem], timeout: Duration) async throws -> (ExecResult, HostObservation?) {
        guard platform == .linux, !items.isEmpty else { return (try await runScript(script, timeout: timeout), nil) }
        let nonce = ProbeScript.makeNonce()
        let probe = String(decoding: ProbeScript.render(items, dialect: .posixShell, nonce: nonce).stdin ?? [], as: UTF8.self)
        let combined = "(\n\(script)\n) </dev/null 1>&2 || exit $?\n" + probe
        let result = try await connected().exec(ProbeScript.posixCommand, stdin: Array(combined.utf8), timeout: timeout)
        guard result.succeeded else { return (result, nil) }
        return (result, try ProbeAnswer.parse(stdout: result.stdout, items: items, nonce: nonce))
    }

    /// Answers `items` in one round trip.
    func probe(_ items: [ProbeItem], timeout: Duration) async throws -> HostObservation {
        do {
            return try await Planner.probe(items, platform: platform, session: connected(), timeout: timeout)
        } catch let error as SSHError where error.isTransient {
            await disconnect()
            return try await Planner.probe(items, platform: platform, session: connected(), timeout: timeout)
        }
    }

    /// Writes a local file to exactly `remotePath` (SFTP, fsync); the caller moves it into place.
    func write(_ localFile: String, to remotePath: String) async throws {
        try await connected().write(localFile: localFile, to: remotePath)
    }
}
