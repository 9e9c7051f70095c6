import Foundation
import ScourCore
import ScourHost
import ScourTransport

extension StepActing {
    /// Replaces the file at `path` with `written`, an edit of `original` (the bytes the probe
    /// read): staged, checked on the host to still be `original` (a change since is never
    /// overwritten), the original backed up in the run's backup folder, swapped in atomically
    /// with the original's owner and mode (the shell's `replaceConfig`), then `validate`d when
    /// given — a failed validation puts the original back. Returns the record `restore` puts the
    /// original back from, and what `items` observed after it where the shell answers them in
    /// the same round trip. On linux the bytes travel inside the script and it is all one round
    /// trip; on windows the bytes go over SFTP first and the validation is a script of its own.
    func replaceConfig(
        _ path: String, with written: [UInt8], from original: [UInt8], validate: String? = nil, thenProbe items: [ProbeItem] = []
    ) async throws -> (ConfigEdit, HostObservation?) {
        let staged = scripts.staged(beside: path)
        let backup = ConfigEdit.backupPath(of: path, run: runID, platform: context.platform)
        let replace = scripts.replaceConfig(path, staged: staged, expected: SHA256.hex(of: original))
        let validationFailed = "validation `\(validate ?? "")` failed; the original \(path) was put back"
        if let stage = scripts.stage(Data(written), at: staged) {
            let script = stage + replace + (validate.map { scripts.validated($0, config: path) } ?? "")
            let (result, observed) = try await remote.runScript(script, thenProbe: items, timeout: timeout)
            // The host put the original back: nothing is left written.
            if result.exit == .code(ScriptExit.validationFailed.rawValue) { throw StepFailure(validationFailed, stderr: result.stderrText).leaving([]) }
            do { try Self.expectReplaced(result, path) } catch let failure as StepFailure {
                // Without a validation the swap is the script's last fallible command: a failed
                // script wrote nothing. With one, a failed put-back may have left the edit.
                throw validate == nil ? failure.leaving([]) : failure
            }
            // With a probe after it, the script's output went to stderr.
            return (try ConfigEdit.parse(result.stderrText + "\n" + result.stdoutText, config: path, backup: backup, written: written), observed)
        }
        let local = FileManager.default.temporaryDirectory.appendingPathComponent("scour-\(runID)-\(UUID().uuidString)")
        try Data(written).write(to: local)
        defer { try? FileManager.default.removeItem(at: local) }
        if let makeFolder = scripts.makeFolder(of: staged) {
            do { try await remote.runScript(makeFolder, timeout: timeout).expectSuccess("creating the staging folder") } catch let failure as StepFailure {
                throw failure.leaving([])
            }
        }
        try await remote.write(local.path, to: staged)
        let (replaced, observed) = try await remote.runScript(replace, thenProbe: validate == nil ? items : [], timeout: timeout)
        do { try Self.expectReplaced(replaced, path) } catch let failure as StepFailure { throw failure.leaving([]) }
        let record = try ConfigEdit.parse(replaced.stderrText + "\n" + replaced.stdoutText, config: path, backup: backup, written: written)
        if let validate {
            let result = try await remote.runScript(validate + "\n", timeout: timeout)
            guard result.succeeded else {
                try await putBack([record])
                throw StepFailure(validationFailed, stdout: result.stdoutText, stderr: result.stderrText).leaving([])
            }
        }
        return (record, observed)
    }

    /// Throws unless the replace script succeeded; a config found changed since it was read is
    /// the step's drift (the re-check that travels with the action).
    private static func expectReplaced(_ result: ExecResult, _ path: String) throws {
        if result.exit == .code(ScriptExit.configChangedSinceRead.rawValue) {
            throw StepFailure("not as predicted right before acting, so not acted on: \(path) changed on the host since it was read "
                              + "(nothing was written)", stderr: result.stderrText).asDrift()
        }
        try result.expectSuccess("replacing \(path)")
    }

    /// Puts the originals of `edits` back from their backups, the last edit first.
    func putBack(_ edits: [ConfigEdit]) async throws {
        for edit in edits.reversed() {
            try await remote.runScript(scripts.restoreConfig(edit.path), timeout: timeout).expectSuccess("putting \(edit.path) back")
        }
    }
}
