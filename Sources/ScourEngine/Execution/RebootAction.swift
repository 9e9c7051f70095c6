import Foundation
import Logging
import ScourCore
import ScourHost
import ScourSSH

/// A reboot as the language defines it: boot id before, the reboot, the connection dropping,
/// then the host polled every `pollInterval` until `timeout` — one quick connection attempt a
/// time — for a different boot id, then the optional `test`.
///
/// Why a fixed short interval and not the rollout's exponential backoff: the host is known to
/// be coming back, and how soon it answers is exactly what the step waits for; a backoff meant
/// for flaky networks added seconds per reboot (measured: ~5 s of a 9.5 s apply, 50 hosts).
/// The drop is seen the moment it happens, on a session that waits in a `sleep`.
struct RebootAction {
    let remote: RemoteHost
    let scripts: ActionScripts
    let logger: Logger
    static let pollInterval: Duration = .milliseconds(250)

    /// `resuming`: the journal saw this step start before the controller stopped; if the host
    /// noted a reboot request in its current boot, the reboot is on its way and is not asked again.
    func run(_ reboot: Reboot, step: String, probes: PlanProbes, previousBootID: String?, resuming: Bool) async throws {
        let before = try await bootID() ?? previousBootID
        guard let before else { throw StepFailure("cannot read the boot id before rebooting") }
        let deadline = ContinuousClock.now + reboot.timeout
        if resuming, try await requested(step: step) == before {
            logger.info("a reboot asked for before the controller stopped is on its way", metadata: ["host": "\(remote.host.name)"])
        } else {
            try await request(step: step)
        }
        try await waitForDrop(until: deadline)
        try await awaitNewBoot(after: before, reboot: reboot, probes: probes, deadline: deadline)
    }

    private func requested(step: String) async throws -> String? {
        let result = try await remote.runScript(scripts.rebootRequested(step: step), timeout: .seconds(10))
        let text = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    private func request(step: String) async throws {
        do {
            let result = try await remote.runScript(scripts.reboot(step: step), timeout: .seconds(30))
            guard result.succeeded else {
                throw StepFailure("the reboot command failed (\(result.exit))", stdout: result.stdoutText, stderr: result.stderrText)
            }
        } catch let error as SSHError {
            // The host went down before the command reported back (or before its channel
            // opened): that is the reboot. If it was not, the boot id check below says so.
            logger.debug("connection lost while asking for the reboot", metadata: ["error": "\(error)"])
        }
    }

    /// Waits for the connection to drop: the host is going down. A host that never drops is
    /// found out after the deadline, by its unchanged boot id.
    private func waitForDrop(until deadline: ContinuousClock.Instant) async throws {
        while ContinuousClock.now < deadline {
            let look = ContinuousClock.now
            if await remote.waitForDrop(within: min(deadline - look, .seconds(5))) { return }
            try await Task.sleep(until: look + Self.pollInterval)  // a wait that ended early must not spin
        }
    }

    /// Polls until the host answers again, one quick connection attempt each `pollInterval`.
    private func awaitNewBoot(after before: String, reboot: Reboot, probes: PlanProbes, deadline: ContinuousClock.Instant) async throws {
        var lastError = "the host did not come back"
        // At least one look even at the deadline: a host that never went down answers here.
        repeat {
            let look = ContinuousClock.now
            do {
                try await remote.connectOnce(within: max(deadline - look, .milliseconds(500)))
                guard let after = try await bootID() else { throw StepFailure("cannot read the boot id after the reboot") }
                guard after != before else {
                    throw StepFailure("the host answered with the same boot id (\(after)): it did not reboot")
                }
                try await runTest(reboot, probes: probes)
                return
            } catch let failure as StepFailure {
                throw failure
            } catch {
                lastError = "\(error)"
                await remote.disconnect()
            }
            try await Task.sleep(until: look + Self.pollInterval)
        } while ContinuousClock.now < deadline
        throw StepFailure("the host did not come back within \(reboot.timeout.scourLiteral) of the reboot: \(lastError)")
    }

    private func runTest(_ reboot: Reboot, probes: PlanProbes) async throws {
        guard let test = reboot.test else { return }
        let result = try await remote.runScript(probes.render(test) + "\n", timeout: .seconds(60))
        guard result.succeeded else {
            throw StepFailure("the test after the reboot failed (\(result.exit))", stdout: result.stdoutText, stderr: result.stderrText)
        }
    }

    private func bootID() async throws -> String? {
        let result = try await remote.runScript(scripts.bootID, timeout: .seconds(10))
        let text = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        return result.succeeded && !text.isEmpty ? text : nil
    }
}
