import Foundation
import ScourCore

extension StripMappings: StepHandler {
    func probeItems(_ context: StepContext) -> [ProbeItem] {
        [.content(path: target.config, limit: ProbeItem.defaultContentLimit)]
    }

    func decide(_ observation: HostObservation, _ context: StepContext, into plan: inout StepPlan) {
        let config = target.config
        guard let content = observation.contents[config], content.kind != .absent else {
            plan.reason = "\(config) does not exist: nothing maps anything"
            return
        }
        guard let text = content.text else {
            plan.action = .blocked
            plan.reason = content.tooLarge ? "\(config) is larger than \(ByteSize(bytes: UInt64(ProbeItem.defaultContentLimit))), too large to edit"
                : "\(config) is not a regular file"
            return
        }
        let edit = MappingEditor.strip(text, target: target, aliases: aliases, handlers: handlers)
        guard edit.changesSomething else {
            plan.reason = "\(target.words) maps none of \((aliases + handlers).joined(separator: ", "))"
            return
        }
        plan.action = .change
        plan.reason = "\(edit.removals.count) mapping\(edit.removals.count == 1 ? "" : "s") to remove"
        let lines = edit.removals.map { "line \($0.line): \($0.what)" }.joined(separator: "; ")
        plan.changes = [PlannedChange(
            kind: .editConfig, summary: "edit \(config): remove \(lines)", path: config,
            sha256: SHA256.hex(of: Array(edit.newText.utf8)),
            diff: UnifiedDiff.make(from: text, to: edit.newText, path: config))]
    }

    /// Stage the edited file beside the original, back the original up, swap them, validate;
    /// a failed validation puts the original back byte for byte. On linux it is all one script
    /// (the edit travels inside it), which also observes the result; on windows the edit goes
    /// over SFTP first.
    func act(_ acting: StepActing) async throws -> ActionResult {
        let config = target.config
        guard let text = acting.observation.contents[config]?.text else { throw StepFailure("\(config) could not be read") }
        let edit = MappingEditor.strip(text, target: target, aliases: aliases, handlers: handlers)
        let (remote, scripts, timeout) = (acting.remote, acting.scripts, acting.timeout)
        let staged = scripts.staged(beside: config)
        let validate = self.validate.map { acting.context.render($0) }
        let validationFailed = StepFailure("validation `\(validate ?? "")` failed; the original \(config) was put back")
        let written = Array(edit.newText.utf8)
        let backup = ConfigEdit.backupPath(of: config, run: acting.runID, platform: acting.context.platform)
        if let stage = scripts.stage(Data(written), at: staged) {
            var script = stage + scripts.replaceConfig(config, staged: staged)
            if let validate {
                script += scripts.validated(validate, config: config)
            }
            let (result, verified) = try await remote.runScript(script, thenProbe: acting.verificationItems, timeout: timeout)
            if result.exit == .code(ScriptExit.validationFailed.rawValue) {
                throw StepFailure(validationFailed.message, stderr: result.stderrText)
            }
            try result.expectSuccess("replacing \(config)")
            // With a probe after it, the script's output went to stderr.
            let record = try ConfigEdit.parse(result.stderrText + "\n" + result.stdoutText, config: config, backup: backup, written: written)
            return ActionResult(verified: verified, configEdits: [record])
        }
        let (record, _) = try await acting.replaceConfig(config, with: written)
        if let validate {
            let result = try await remote.runScript(validate + "\n", timeout: timeout)
            guard result.succeeded else {
                try await acting.putBack([record])
                throw StepFailure(validationFailed.message, stdout: result.stdoutText, stderr: result.stderrText)
            }
        }
        return ActionResult(configEdits: [record])
    }
}
