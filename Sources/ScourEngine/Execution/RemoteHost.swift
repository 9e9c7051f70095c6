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
    private var session: (any Transport)?

    init(host: InventoryHost, platform: Platform, connector: HostConnector) {
        self.host = host
        self.platform = platform
        self.connector = connector
    }

    /// The open session, connecting (with retries) if there is none or it was lost or
    /// abandoned (a command past its timeout takes its session with it).
    func connected() async throws -> any Transport {
        if let session = await openSession() { return session }
        let connection = try await connector.connect(to: host)
        session = connection.session
        return connection.session
    }

    /// Makes sure a session is open with at most one connection attempt within `timeout`, no
    /// retries: for polling a host coming back from a reboot at the caller's own pace.
    func connectOnce(within timeout: Duration) async throws {
        guard await openSession() == nil else { return }
        session = try await connector.connectOnce(to: host, timeout: timeout)
    }

    /// Waits up to `timeout` for the open session to drop, the sign of a host going down: a quiet
    /// `sleep` on it ends with an error the moment the host closes the connection — no polling,
    /// one process on the host. True when it dropped, was abandoned past its timeout (a host
    /// that hung without closing), or none was open.
    func waitForDrop(within timeout: Duration) async -> Bool {
        guard await openSession() != nil else { return true }
        let seconds = max(1, timeout.components.seconds)
        let script = platform == .linux ? "sleep \(seconds)\n" : "Start-Sleep -Seconds \(seconds)\n"
        do {
            _ = try await runScript(script, timeout: .seconds(seconds + 5))
            return false
        } catch {
            await disconnect()
            return true
        }
    }

    /// The session if it is still open; a dead one is closed and forgotten.
    private func openSession() async -> (any Transport)? {
        guard let session else { return nil }
        if session.isOpen { return session }
        await disconnect()
        return nil
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
        try await connected().write(localFile: localFile, to: remotePath, permissions: 0o600)
    }
}
