import Foundation
import ScourCore

extension StepActing {
    /// Replaces the file at `path` with `written`: staged, the original backed up in the run's
    /// backup folder, swapped in atomically with the original's owner and mode (the shell's
    /// `replaceConfig`). Returns the record `restore` puts the original back from, and what
    /// `items` observed after it where the shell answers them in the same round trip. On linux
    /// the bytes travel inside the script (one round trip); on windows over SFTP first.
    func replaceConfig(_ path: String, with written: [UInt8], thenProbe items: [ProbeItem] = []) async throws -> (ConfigEdit, HostObservation?) {
        let staged = scripts.staged(beside: path)
        let backup = ConfigEdit.backupPath(of: path, run: runID, platform: context.platform)
        if let stage = scripts.stage(Data(written), at: staged) {
            let (result, observed) = try await remote.runScript(stage + scripts.replaceConfig(path, staged: staged), thenProbe: items, timeout: timeout)
            try result.expectSuccess("replacing \(path)")
            // With a probe after it, the script's output went to stderr.
            return (try ConfigEdit.parse(result.stderrText + "\n" + result.stdoutText, config: path, backup: backup, written: written), observed)
        }
        let local = FileManager.default.temporaryDirectory.appendingPathComponent("scour-\(runID)-\(UUID().uuidString)")
        try Data(written).write(to: local)
        defer { try? FileManager.default.removeItem(at: local) }
        if let makeFolder = scripts.makeFolder(of: staged) {
            try await remote.runScript(makeFolder, timeout: timeout).expectSuccess("creating the staging folder")
        }
        try await remote.write(local.path, to: staged)
        let (replaced, observed) = try await remote.runScript(scripts.replaceConfig(path, staged: staged), thenProbe: items, timeout: timeout)
        try replaced.expectSuccess("replacing \(path)")
        return (try ConfigEdit.parse(replaced.stderrText + "\n" + replaced.stdoutText, config: path, backup: backup, written: written), observed)
    }

    /// Puts the originals of `edits` back from their backups, the last edit first.
    func putBack(_ edits: [ConfigEdit]) async throws {
        for edit in edits.reversed() {
            try await remote.runScript(scripts.restoreConfig(edit.path), timeout: timeout).expectSuccess("putting \(edit.path) back")
        }
    }
}
