import Foundation
import ScourCore
import ScourSSH

/// The act of check → act → verify: each step kind carried out on the host, returning what
/// the action's own script observed afterwards where it could probe in the same exec.
extension HostExecutor {
    /// Carries the step out; returns the state its final script observed afterwards when it
    /// could probe in the same round trip (linux), else nil. `resuming`: the step was acting
    /// when an earlier attempt of the run stopped. `configEdits` gets the record of each config
    /// file replaced, as soon as it is (a later failure leaves the file edited, and restorable).
    func act(
        _ step: Step, check: StepPlan, remote: RemoteHost, observation: HostObservation, probes: PlanProbes, timeout: Duration,
        resuming: Bool, quarantine: QuarantinePlan?, configEdits: inout [ConfigEdit]?
    ) async throws -> HostObservation? {
        let scripts = ActionScripts(shell: remote.shell, run: runID)
        let verifyItems = probes.verificationItems(for: step.action)
        switch step.action {
        case .removeFiles(let remove):
            guard let quarantine else { throw StepFailure("nothing was recorded to quarantine") }
            let (result, verified) = try await remote.runScript(
                scripts.quarantine(quarantine.paths, step: step.name, tag: quarantine.tag, delete: remove.mode == .delete),
                thenProbe: verifyItems, timeout: timeout)
            try expectSuccess(result, "moving the files into quarantine")
            return verified
        case .stripMappings(let strip):
            return try await stripMappings(strip, observation: observation, remote: remote, scripts: scripts, probes: probes, timeout: timeout,
                                           configEdits: &configEdits)
        case .reboot(let reboot):
            try await RebootAction(remote: remote, scripts: scripts, logger: logger).run(
                reboot, step: step.name, probes: probes, previousBootID: observation.facts?.bootID, resuming: resuming)
            return nil
        case .applyPatch(let patch):
            let remotePath = PatchUpload.remotePath(of: patch, platform: playbook.platform)
            var staged: String?
            if !PatchUpload.isPresent(patch, platform: playbook.platform, in: observation) {
                if let makeFolder = scripts.makeFolder(of: remotePath) {
                    try await expectSuccess(remote.runScript(makeFolder, timeout: timeout), "creating the patch folder")
                }
                staged = try await remote.stagingPath(for: remotePath, run: runID)
                try await remote.write(patch.file, to: staged!)
            }
            guard let install = check.changes.first(where: { $0.kind == .install })?.command else { return nil }
            let (result, verified) = try await remote.runScript(
                scripts.installPatch(staged: staged, at: remotePath, sha256: patch.sha256, install: install), thenProbe: verifyItems, timeout: timeout)
            if result.exit == .code(ScriptExit.patchHashMismatch.rawValue) {
                throw StepFailure("the uploaded patch does not have SHA-256 \(patch.sha256) on the host: not run", stderr: result.stderrText)
            }
            try expectSuccess(result, "the install command")
            return verified
        case .disableService(let service):
            let (result, verified) = try await remote.runScript(scripts.stopAndDisable(service), thenProbe: verifyItems, timeout: timeout)
            try expectSuccess(result, "stopping and disabling \(service)")
            return verified
        case .run(let command, _):
            let (result, verified) = try await remote.runScript(probes.render(command) + "\n", thenProbe: verifyItems, timeout: timeout)
            try expectSuccess(result, "the command")
            return verified
        }
    }

    /// Stage the edited file beside the original, back the original up, swap them, validate;
    /// a failed validation puts the original back byte for byte. On linux it is all one script
    /// (the edit travels inside it), which also observes the result; on windows the edit goes
    /// over SFTP first.
    private func stripMappings(
        _ strip: StripMappings, observation: HostObservation, remote: RemoteHost, scripts: ActionScripts, probes: PlanProbes, timeout: Duration,
        configEdits: inout [ConfigEdit]?
    ) async throws -> HostObservation? {
        let config = strip.target.config
        guard let text = observation.contents[config]?.text else { throw StepFailure("\(config) could not be read") }
        let edit = MappingEditor.strip(text, target: strip.target, aliases: strip.aliases, handlers: strip.handlers)
        let staged = scripts.staged(beside: config)
        let validate = strip.validate.map { probes.render($0) }
        let validationFailed = StepFailure("validation `\(validate ?? "")` failed; the original \(config) was put back")
        let written = Array(edit.newText.utf8)
        let backup = ConfigEdit.backupPath(of: config, run: runID, platform: playbook.platform)
        if let stage = scripts.stage(Data(written), at: staged) {
            var script = stage + scripts.replaceConfig(config, staged: staged)
            if let validate {
                script += scripts.validated(validate, config: config)
            }
            let (result, verified) = try await remote.runScript(script, thenProbe: probes.verificationItems(for: .stripMappings(strip)), timeout: timeout)
            if result.exit == .code(ScriptExit.validationFailed.rawValue) {
                throw StepFailure(validationFailed.message, stderr: result.stderrText)
            }
            try expectSuccess(result, "replacing \(config)")
            // With a probe after it, the script's output went to stderr.
            let record = try ConfigEdit.parse(result.stderrText + "\n" + result.stdoutText, config: config, backup: backup, written: written)
            configEdits = (configEdits ?? []) + [record]
            return verified
        }
        let local = FileManager.default.temporaryDirectory.appendingPathComponent("scour-\(runID)-\(UUID().uuidString)")
        try Data(written).write(to: local)
        defer { try? FileManager.default.removeItem(at: local) }
        if let makeFolder = scripts.makeFolder(of: staged) {
            try await expectSuccess(remote.runScript(makeFolder, timeout: timeout), "creating the staging folder")
        }
        try await remote.write(local.path, to: staged)
        let replaced = try await remote.runScript(scripts.replaceConfig(config, staged: staged), timeout: timeout)
        try expectSuccess(replaced, "replacing \(config)")
        let record = try ConfigEdit.parse(replaced.stdoutText, config: config, backup: backup, written: written)
        if let validate {
            let result = try await remote.runScript(validate + "\n", timeout: timeout)
            guard result.succeeded else {
                try await expectSuccess(remote.runScript(scripts.restoreConfig(config), timeout: timeout), "restoring \(config)")
                throw StepFailure(validationFailed.message, stdout: result.stdoutText, stderr: result.stderrText)
            }
        }
        configEdits = (configEdits ?? []) + [record]
        return nil
    }

    func expectSuccess(_ result: ExecResult, _ what: String) throws {
        guard result.succeeded else {
            throw StepFailure("\(what) failed (\(result.exit))", stdout: result.stdoutText, stderr: result.stderrText)
        }
    }
}
