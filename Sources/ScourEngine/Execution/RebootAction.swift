import Foundation
import Logging
import ScourCore
import ScourSSH

/// A reboot as the language defines it: boot id before, the reboot, the connection dropping,
/// reconnection with backoff until `timeout`, a different boot id, then the optional `test`.
struct RebootAction {
    let remote: RemoteHost
    let scripts: ActionScripts
    let logger: Logger

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

    /// Waits for the connection to drop: the host is going down.
    private func waitForDrop(until deadline: ContinuousClock.Instant) async throws {
        while ContinuousClock.now < deadline {
            do {
                _ = try await remote.connected().exec("true", timeout: .seconds(3))
                try await Task.sleep(for: .milliseconds(250))
            } catch {
                break
            }
        }
        await remote.disconnect()
    }

    private func awaitNewBoot(after before: String, reboot: Reboot, probes: PlanProbes, deadline: ContinuousClock.Instant) async throws {
        // Reconnect until the timeout; the connector retries transient failures with backoff.
        var lastError = "the host did not come back"
        // At least one look even at the deadline: a host that never went down answers here.
        repeat {
            do {
                guard let after = try await bootID() else { throw StepFailure("cannot read the boot id after the reboot") }
                guard after != before else {
                    throw StepFailure("the host answered with the same boot id (\(after)): it did not reboot")
                }
                if let test = reboot.test {
                    let result = try await remote.runScript(probes.render(test) + "\n", timeout: .seconds(60))
                    guard result.succeeded else {
                        throw StepFailure("the test after the reboot failed (\(result.exit))", stdout: result.stdoutText, stderr: result.stderrText)
                    }
                }
                return
            } catch let failure as StepFailure {
                throw failure
            } catch {
                lastError = "\(error)"
                await remote.disconnect()
                try await Task.sleep(for: .milliseconds(500))
            }
        } while ContinuousClock.now < deadline
        throw StepFailure("the host did not come back within \(reboot.timeout.scourLiteral) of the reboot: \(lastError)")
    }

    private func bootID() async throws -> String? {
        let result = try await remote.runScript(scripts.bootID, timeout: .seconds(10))
        let text = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        return result.succeeded && !text.isEmpty ? text : nil
    }
}
