import Foundation
import ScourCore
import ScourHost

/// `scour restore`: puts the files a run quarantined back on a host, from the manifest the run
/// left there, each checked against its SHA-256 and given back its mode, owner and mtime; and
/// the config files it edited, from their backups, as the journal recorded the edits.
public struct QuarantineRestorer: Sendable {
    public enum FileResult: Sendable, Equatable {
        case restored
        /// `--dry-run`: every check passed.
        case wouldRestore
        /// Something is at the path now; `--force` replaces it.
        case exists
        /// A config is no longer what scour wrote; `--force` replaces it.
        case changedSince(String)
        /// A config has the original's bytes already: nothing to do.
        case alreadyRestored
        /// The quarantined copy, or a config's backup, is not what was recorded.
        case hashMismatch(String)
        case storedMissing
        /// The step deleted it (`mode = delete`): nothing was kept.
        case deleted
        case failed(String)

        public var isProblem: Bool { ![.restored, .wouldRestore, .alreadyRestored].contains(self) }

        /// As the journal records it: a status and why.
        public var record: (status: RestoreStatus, detail: String?) {
            switch self {
            case .restored: (.restored, nil)
            case .wouldRestore: (.wouldRestore, nil)
            case .exists: (.exists, "something is at the path now; not overwritten")
            case .changedSince(let why): (.changedSince, "\(why); not overwritten")
            case .alreadyRestored: (.alreadyRestored, "it has the original's bytes already")
            case .hashMismatch(let why): (.hashMismatch, why)
            case .storedMissing: (.storedMissing, "the quarantined copy is missing")
            case .deleted: (.deleted, "the step deleted it: nothing was kept")
            case .failed(let why): (.failed, why)
            }
        }
    }

    public struct FileOutcome: Sendable {
        public var entry: QuarantineEntry
        public var result: FileResult
    }

    public struct ConfigOutcome: Sendable {
        public var edit: ConfigEdit
        public var result: FileResult
    }

    public struct HostOutcome: Sendable {
        public var host: String
        /// nil when the host was reached and its manifest read.
        public var error: String?
        public var files: [FileOutcome] = []
        public var configs: [ConfigOutcome] = []
        /// Everything the host had to restore, selected or not: what the operator may have
        /// meant when a named path takes nothing.
        public var quarantined: [String] = []
        public var edited: [String] = []
        /// Lines of the host's manifest the run's journal does not hold (a path, name, size,
        /// hash, mode or owner of the host's own): reported, never restored.
        public var tampered: [String] = []
    }

    public var runID: String
    public var selection: RestoreSelection
    public var force: Bool
    public var dryRun: Bool

    public init(runID: String, selection: RestoreSelection, force: Bool, dryRun: Bool) {
        self.runID = runID
        self.selection = selection
        self.force = force
        self.dryRun = dryRun
    }

    /// Restores on `host` the selected files of `quarantined` and the selected configs of
    /// `edits` — the run's journal's record of what its steps moved away and edited there, the
    /// only authority: the host's manifest is compared with it, never believed.
    public func restore(
        _ host: InventoryHost, quarantined: [QuarantinedFile], edits: [ConfigEdit], connector: HostConnector, timeout: Duration = .seconds(600)
    ) async -> HostOutcome {
        var outcome = HostOutcome(host: host.name)
        outcome.edited = edits.map(\.path)
        outcome.quarantined = quarantined.map(\.path)
        let remote = RemoteHost(host: host, connector: connector)
        do {
            try await restore(on: remote, quarantined: quarantined, edits: edits, into: &outcome, timeout: timeout)
        } catch let failure as HostConnector.Failure {
            outcome.error = failure.error.message
        } catch {
            outcome.error = "\(error)"
        }
        await remote.disconnect()
        return outcome
    }

    /// Reads the manifest, then restores (or checks) the selected files and configs in one script.
    private func restore(
        on remote: RemoteHost, quarantined: [QuarantinedFile], edits: [ConfigEdit], into outcome: inout HostOutcome, timeout: Duration
    ) async throws {
        let scripts = ActionScripts(shell: remote.shell, run: runID)
        let manifest = try await remote.runScript(scripts.readManifest, timeout: timeout)
        outcome.tampered = try QuarantineEntry.parse(manifest.stdoutText)
            .filter { entry in selection.selects(entry.path) && !quarantined.contains { $0.agrees(with: entry) } }
            .map { "\($0.path) stored as \($0.storedAs ?? "(deleted)"), \($0.size) bytes, mode \($0.mode), \($0.owner):\($0.group)" }
        let entries = quarantined.filter { selection.selects($0.path) }.map(\.entry)
        let configs = edits.filter { selection.selects($0.path) }
        outcome.files = entries.filter { $0.storedAs == nil }.map { FileOutcome(entry: $0, result: .deleted) }
        let kept = entries.filter { $0.storedAs != nil }
        guard !kept.isEmpty || !configs.isEmpty else { return }
        var script = kept.isEmpty ? "" : remote.shell.restoreQuarantined(kept, folder: scripts.quarantineFolder, force: force, dryRun: dryRun)
        if !configs.isEmpty { script += remote.shell.restoreConfigs(configs, force: force, dryRun: dryRun) }
        let result = try await remote.runScript(script, timeout: timeout)
        var answers: [String: [Int: (code: Int, why: String)]] = [:]
        for line in result.stdoutText.split(separator: "\n") {
            let words = line.split(separator: " ", maxSplits: 3)
            if words.count >= 3, ["RESTORE", "CONFIG"].contains(words[0]), let index = Int(words[1]), let code = Int(words[2]) {
                answers[String(words[0]), default: [:]][index] = (code, words.count > 3 ? String(words[3]) : "")
            }
        }
        let stderr = result.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
        /// What an answer that is no known code says: the exit and stderr.
        func failure(_ answer: (code: Int, why: String)?) -> FileResult {
            .failed(answer.map { "exit \($0.code): \([$0.why, stderr].filter { !$0.isEmpty }.joined(separator: "; "))" } ?? "no answer (\(result.exit)): \(stderr)")
        }
        outcome.files += kept.enumerated().map { index, entry in
            let answer = answers["RESTORE"]?[index]
            let result: FileResult = switch answer.flatMap({ RestoreScript.Code(rawValue: $0.code) }) {
            case .restored?: dryRun ? .wouldRestore : .restored
            case .exists?: .exists
            case .hashMismatch?: .hashMismatch(stderr)
            case .storedMissing?: .storedMissing
            case nil: failure(answer)
            }
            return FileOutcome(entry: entry, result: result)
        }
        outcome.configs = configs.enumerated().map { index, edit in
            let answer = answers["CONFIG"]?[index]
            let result: FileResult = switch answer.flatMap({ ConfigRestoreScript.Code(rawValue: $0.code) }) {
            case .restored?: dryRun ? .wouldRestore : .restored
            case .alreadyOriginal?: .alreadyRestored
            case .backupMissing?: .storedMissing
            case .backupMismatch?: .hashMismatch(answer?.why ?? "")
            case .changedSince?: .changedSince(answer?.why ?? "")
            case nil: failure(answer)
            }
            return ConfigOutcome(edit: edit, result: result)
        }
    }
}
