import Foundation
import ScourCore
import ScourHost
import ScourSSH
import ScourTransport

/// One host as plan, apply and restore talk to it: a connection (any `Transport`) re-opened
/// with the connector's retries when it was lost, scripts of the host's `HostShell` sent on
/// stdin behind its constant command line, and probes read back strictly under a byte cap
/// derived from what was asked. `open(expecting:probing:)` is the preamble every command
/// shares: platform check, connect, first probe, and the failure sorted into unreachable or
/// failed.
actor RemoteHost {
    let host: InventoryHost
    let shell: any HostShell
    private let connector: HostConnector
    private var session: (any Transport)?
    /// How scripts run: as the login, or through sudo when the host's become says so.
    private let elevation: Elevation?
    /// Why the host's become cannot be carried out here; nil when it can (or is not asked).
    private let elevationRefusal: String?

    init(host: InventoryHost, connector: HostConnector) {
        self.host = host
        shell = host.platform.shell
        self.connector = connector
        // Decided once: how this host's scripts run (as the login, or through sudo), or why not.
        var elevation: Elevation?
        var refusal: String?
        if host.become.enabled == true {
            do { elevation = try shell.elevation(host.become) } catch { refusal = "\(error)" }
        }
        (self.elevation, elevationRefusal) = (elevation, refusal)
    }

    nonisolated var platform: Platform { host.platform }

    /// Why a host could not be worked on: not reached at all, or reached and then failed.
    enum OpenFailure: Error {
        case unreachable(HostConnector.Failure)
        case failed(String)
    }

    /// Checks the host's platform against the playbook's, connects and answers `items`: the
    /// first probe of every command. Throws `OpenFailure`.
    func open(expecting platform: Platform, probing items: [ProbeItem], timeout: Duration) async throws(OpenFailure) -> HostObservation {
        guard host.platform == platform else {
            throw .failed("the inventory says this host runs \(host.platform.rawValue) (scour_platform), the playbook is for \(platform.rawValue)")
        }
        if let refusal = elevationRefusal { throw .failed(refusal) }
        do {
            return try await probe(items, timeout: timeout)
        } catch let failure as HostConnector.Failure {
            throw .unreachable(failure)
        } catch {
            throw .failed("probe failed: \(error)")
        }
    }

    /// Runs `script` through the host's shell — as the become user when asked. Where the shell
    /// can (`HostShell.request`), every script of the connection goes to one shell kept running
    /// on it (`Transport.converse`): one process start — one sudo — a connection, not a script.
    private func execScript(_ script: String, timeout: Duration, stdoutLimit: OutputLimit, stderrLimit: OutputLimit) async throws -> ExecResult {
        let command = elevation?.command ?? shell.scriptCommand
        let marker = ProbeScript.makeNonce()
        guard let request = shell.request(script, marker: marker) else {
            let result = try await sayingSudoRefusals {
                try await connected().exec(command, sudo: elevation?.handshake, stdin: Array(script.utf8), timeout: timeout,
                                           stdoutLimit: stdoutLimit, stderrLimit: stderrLimit)
            }
            return holding(result)
        }
        let answer = try await sayingSudoRefusals {
            try await connected().converse(with: command, sudo: elevation?.handshake, request: Array(request.utf8),
                                           marker: marker, timeout: timeout, stdoutLimit: stdoutLimit, stderrLimit: stderrLimit)
        }
        switch answer {
        case .answered(let result):
            return holding(result)
        case .shellEnded(let result):
            let stderr = HostText.terminal(result.stderrText.trimmingCharacters(in: .whitespacesAndNewlines))
            throw ShellEnded(description: "the host's shell ended (\(result.exit)) before the script did\(stderr.isEmpty ? "" : ": \(stderr.suffix(300))")")
        }
    }

    /// `body`, with sudo's refusal to start the become user's shell said for the operator
    /// (`Elevation.reason`). Once the shell is in, what a script prints is its own.
    private func sayingSudoRefusals<Value>(_ body: () async throws -> Value) async throws -> Value {
        do { return try await body() } catch let refusal as SudoRefusal {
            throw ElevationFailure(description: elevation?.reason(for: refusal) ?? "\(refusal)")
        }
    }

    /// The large answers read from the host, charged to the controller's memory budget while
    /// what was parsed from them is in use (`releaseAnswers`).
    private var heldAnswers: [AnswerCharge] = []

    /// `result`, its memory (if it took any from the budget) held until `releaseAnswers`.
    private func holding(_ result: ExecResult) -> ExecResult {
        if let charge = result.charge, charge.bytes > 0 { heldAnswers.append(charge) }
        return result
    }

    /// Gives the memory of every answer read so far back to the controller's budget: the
    /// caller is done with what it learned from them (a plan decided on, a host's steps run).
    func releaseAnswers() {
        for charge in heldAnswers { charge.release() }
        heldAnswers = []
    }

    /// How many attempts the current connection took (1 when it was there already).
    private(set) var connectAttempts = 0

    /// The open session, connecting (with retries) if there is none or it was lost or
    /// abandoned (a command past its timeout takes its session with it).
    func connected() async throws -> any Transport {
        if let session = await openSession() { return session }
        let connection = try await connector.connect(to: host)
        session = connection.session
        connectAttempts = connection.attempts
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
        do {
            _ = try await runScript(shell.sleep(seconds: seconds), timeout: .seconds(seconds + 5))
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

    /// Runs a script of the host's shell, sent on stdin behind its constant command line, so no
    /// value is ever parsed by the login shell. Its output is kept as tails (what a failure
    /// shows), never more.
    func runScript(_ script: String, timeout: Duration) async throws -> ExecResult {
        try await execScript(script, timeout: timeout, stdoutLimit: Self.scriptOutput, stderrLimit: Self.scriptOutput)
    }

    /// What an action script may print: the last 64 KiB of each stream (the rest counted, dropped).
    static let scriptOutput = OutputLimit.tail(64 << 10)

    /// Runs `script`, then answers `items` — in the same exec where the shell can (the script's
    /// output goes to stderr, the probe's frame alone to stdout), saving a round trip per step.
    /// The observation is nil when the script failed, or where the shell cannot (the caller
    /// probes next).
    func runScript(_ script: String, thenProbe items: [ProbeItem], timeout: Duration) async throws -> (ExecResult, HostObservation?) {
        let nonce = ProbeScript.makeNonce()
        guard !items.isEmpty, let combined = shell.script(script, thenProbe: shell.probeScript(items, nonce: nonce)) else {
            return (try await runScript(script, timeout: timeout), nil)
        }
        let result = try await execScript(combined, timeout: timeout, stdoutLimit: .fail(after: ProbeAnswer.sizeBound(of: items)),
                                          stderrLimit: Self.scriptOutput)
        guard result.succeeded else { return (result, nil) }
        return (result, try ProbeAnswer.parse(stdout: result.stdout, items: items, nonce: nonce))
    }

    /// Answers `items` in one round trip, read back strictly; a lost connection is re-opened once.
    func probe(_ items: [ProbeItem], timeout: Duration) async throws -> HostObservation {
        do {
            return try await probeOnce(items, timeout: timeout)
        } catch let error as SSHError where error.isTransient {
            await disconnect()
            return try await probeOnce(items, timeout: timeout)
        }
    }

    private func probeOnce(_ items: [ProbeItem], timeout: Duration) async throws -> HostObservation {
        let nonce = ProbeScript.makeNonce()
        let result = try await execScript(shell.probeScript(items, nonce: nonce), timeout: timeout,
                                          stdoutLimit: .fail(after: ProbeAnswer.sizeBound(of: items)), stderrLimit: .tail(4 << 10))
        do {
            return try ProbeAnswer.parse(stdout: result.stdout, items: items, nonce: nonce)
        } catch {
            let stderr = HostText.terminal(result.stderrText.trimmingCharacters(in: .whitespacesAndNewlines))
            throw ProbeFailure(description: "\(error) (\(result.exit)\(stderr.isEmpty ? "" : ", stderr: \(stderr.suffix(300))"))")
        }
    }

    /// Where a file for `remotePath` is written before a script moves it into place: in root's
    /// staging folder for the run when the login itself acts; when scripts run through sudo,
    /// at a fresh unguessable name in the login's upload folder (`Elevation.uploadPath`), as
    /// the login cannot write where root's files go. No round trip either way.
    func stagingPath(for remotePath: String, run: String) -> String {
        guard let elevation else { return shell.staged(beside: remotePath, run: run) }
        return elevation.uploadPath(for: (remotePath as NSString).lastPathComponent)
    }

    /// Writes a local file to exactly `remotePath` (SFTP, fsync); the caller moves it into place.
    func write(_ localFile: String, to remotePath: String) async throws {
        try await connected().write(localFile: localFile, to: remotePath, permissions: 0o600)
    }
}

/// A probe answer that could not be read, with what the host said on stderr.
struct ProbeFailure: Error, CustomStringConvertible {
    var description: String
}

/// The shell that runs a host's scripts ended before a script's end: the script may not have
/// run, or only in part.
struct ShellEnded: Error, CustomStringConvertible {
    var description: String
}

/// sudo refused to run a host's script, said for the operator.
struct ElevationFailure: Error, CustomStringConvertible {
    var description: String
}
