import Foundation
import ScourCore
import ScourSSH

/// `scour restore`: puts the files a run quarantined back on a host, from the manifest the run
/// left there, each checked against its SHA-256 and given back its mode, owner and mtime.
public struct QuarantineRestorer: Sendable {
    public enum FileResult: Sendable, Equatable {
        case restored
        /// `--dry-run`: every check passed.
        case wouldRestore
        /// Something is at the path now; `--force` replaces it.
        case exists
        case hashMismatch(String)
        case storedMissing
        /// The step deleted it (`mode = delete`): nothing was kept.
        case deleted
        case failed(String)

        public var isProblem: Bool { self != .restored && self != .wouldRestore }

        /// As the journal records it: a status word and why.
        public var record: (status: String, detail: String?) {
            switch self {
            case .restored: ("restored", nil)
            case .wouldRestore: ("would_restore", nil)
            case .exists: ("exists", "something is at the path now; not overwritten")
            case .hashMismatch(let why): ("hash_mismatch", why)
            case .storedMissing: ("stored_missing", "the quarantined copy is missing")
            case .deleted: ("deleted", "the step deleted it: nothing was kept")
            case .failed(let why): ("failed", why)
            }
        }
    }

    public struct FileOutcome: Sendable {
        public var entry: QuarantineEntry
        public var result: FileResult
    }

    public struct HostOutcome: Sendable {
        public var host: String
        /// nil when the host was reached and its manifest read.
        public var error: String?
        public var files: [FileOutcome] = []
    }

    public var runID: String
    /// Paths or folders to restore; empty: all.
    public var paths: [String]
    public var force: Bool
    public var dryRun: Bool

    public init(runID: String, paths: [String], force: Bool, dryRun: Bool) {
        self.runID = runID
        self.paths = paths
        self.force = force
        self.dryRun = dryRun
    }

    public func restore(_ host: InventoryHost, connector: HostConnector, timeout: Duration = .seconds(600)) async -> HostOutcome {
        var outcome = HostOutcome(host: host.name)
        let platform = host.platform.flatMap(Platform.init(rawValue:)) ?? .linux
        let remote = RemoteHost(host: host, platform: platform, connector: connector)
        do {
            outcome.files = try await restore(on: remote, timeout: timeout)
        } catch let failure as HostConnector.Failure {
            outcome.error = failure.error.message
        } catch {
            outcome.error = "\(error)"
        }
        await remote.disconnect()
        return outcome
    }

    /// Reads the manifest, then restores (or checks) the selected files in one script.
    private func restore(on remote: RemoteHost, timeout: Duration) async throws -> [FileOutcome] {
        let scripts = ActionScripts(platform: remote.platform, run: runID)
        let folder = scripts.quarantineFolder
        let manifest = try await remote.runScript(scripts.readManifest, timeout: timeout)
        let entries = try QuarantineEntry.parse(manifest.stdoutText).filter { $0.isSelected(by: paths) }
        let deleted = entries.filter { $0.storedAs == nil }.map { FileOutcome(entry: $0, result: .deleted) }
        let kept = entries.filter { $0.storedAs != nil }
        guard !kept.isEmpty else { return deleted }
        let script = RestoreScript.render(kept, folder: folder, force: force, dryRun: dryRun, platform: remote.platform)
        let result = try await remote.runScript(script, timeout: timeout)
        var codes: [Int: Int] = [:]
        for line in result.stdoutText.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.count == 3, words[0] == "RESTORE", let index = Int(words[1]), let code = Int(words[2]) { codes[index] = code }
        }
        let stderr = result.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
        return deleted + kept.enumerated().map { index, entry in
            let result: FileResult = switch codes[index].flatMap(RestoreScript.Code.init(rawValue:)) {
            case .restored?: dryRun ? .wouldRestore : .restored
            case .exists?: .exists
            case .hashMismatch?: .hashMismatch(stderr)
            case .storedMissing?: .storedMissing
            case nil: .failed(codes[index].map { "exit \($0): \(stderr)" } ?? "no answer (\(result.exit)): \(stderr)")
            }
            return FileOutcome(entry: entry, result: result)
        }
    }
}
