import ScourCore
import ScourHost

extension KillProcess: StepHandler {
    /// The one question: which processes match, with what the plan shows of each.
    private var item: ProbeItem { .processes(name: name, executable: executable, commandLine: commandLine, maxMatches: maxMatches) }

    func probeItems(_ context: StepContext) -> [ProbeItem] { [item] }

    func decide(_ observation: HostObservation, _ context: StepContext, into plan: inout StepPlan) {
        guard let found = observation.processList(for: item) else {
            plan.action = .blocked
            plan.reason = "the processes were not listed"
            return
        }
        if found.isTruncated {
            plan.action = .blocked
            plan.reason = "\(found.total) processes match (\(criteria)), more than max_matches = \(maxMatches)"
            return
        }
        if let unseen = found.unseen, !unseen.isEmpty {
            plan.cannotTell("which processes match (\(criteria))", unseen)
            return
        }
        guard !found.processes.isEmpty else {
            plan.reason = "no process matches (\(criteria))"
            return
        }
        plan.action = .change
        plan.reason = "\(found.total) process\(found.total == 1 ? "" : "es") match\(found.total == 1 ? "es" : "") (\(criteria))"
        plan.changes = found.processes.map { process in
            let hash = process.executableSHA256.map { ", sha256 \($0.prefix(12))…" } ?? ""
            let deleted = process.executableDeleted ? " (deleted)" : ""
            return PlannedChange(
                kind: .killProcess,
                summary: "stop pid \(process.pid) (\(process.user), \(process.executable)\(deleted)\(hash)): \(process.commandLine)"
                    + (process.commandLineIsCut ? "…" : ""),
                path: process.executable, size: process.executableSize, sha256: process.executableSHA256, owner: process.user,
                command: process.commandLine, pid: process.pid)
        }
    }

    /// TERM, the grace period, KILL — each pid only while it is still the process the check saw
    /// (same start time and executable) — then the verification lists the processes again.
    func act(_ acting: StepActing) async throws -> ActionResult {
        guard let found = acting.observation.processList(for: item) else { throw StepFailure("the processes were not listed") }
        let targets = found.processes.map { process in
            ProcessTarget(pid: Int(process.pid), start: process.start, executable: process.executable.isEmpty ? nil : process.executable,
                          name: process.name)
        }
        let (result, verified) = try await acting.remote.runScript(
            acting.remote.shell.killProcesses(targets, grace: grace), thenProbe: acting.verificationItems, timeout: acting.timeout)
        if result.exit == .code(ScriptExit.processesSurvived.rawValue) {
            throw StepFailure("a process was still running after KILL", stdout: result.stdoutText, stderr: result.stderrText)
        }
        try result.expectSuccess("stopping the processes")
        return ActionResult(verified: verified)
    }
}
