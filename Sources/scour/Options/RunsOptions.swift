import ArgumentParser
import Foundation
import ScourEngine
import ScourHost
import ScourStore

/// Where runs are kept: `--runs-dir`, a folder of run folders (each `RUN/` holds run.json,
/// copies and journal.jsonl), or `--store`, a PostgreSQL database several controllers share.
struct RunsOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Folder of run folders. Default: $SCOUR_RUNS_DIR, else ./runs.", valueName: "folder"))
    var runsDir: String?

    @Option(name: .customLong("store"), help: ArgumentHelp(
        "Keep runs in this PostgreSQL database instead (docs/shared-runs.md). Default: $SCOUR_STORE, unless --runs-dir is given.",
        valueName: "postgresql://user@host/db"))
    var storeURL: String?

    func validate() throws {
        if storeURL != nil, runsDir != nil { throw ValidationError("--store and --runs-dir each choose where runs are kept: give one") }
    }

    /// The store the options choose; an unreachable database, a bad URL or a newer schema is exit 65.
    func store() throws -> any RunStore {
        let url = storeURL ?? (runsDir == nil ? ProcessInfo.processInfo.environment["SCOUR_STORE"].flatMap { $0.isEmpty ? nil : $0 } : nil)
        guard let url else { return FolderRunStore(root: RunFolder.root(runsDir)) }
        do { return try PostgresRunStore(url: url) } catch { throw commandFailure("\(error)") }
    }

    /// The options a later command on the same runs needs, as `resume` hints print them: the
    /// store named on this command line (its URL as given, less the password), none when it
    /// came from the environment or the default.
    var naming: String {
        if let storeURL { return PostgresURL.withoutPassword(storeURL).map { " --store " + ShellQuote.posix($0) } ?? "" }
        return runsDir.map { " --runs-dir " + ShellQuote.posix($0) } ?? ""
    }

    func open(_ runID: String) throws -> Run {
        let store = try store()
        do { return try Run.open(in: store, runID: runID) } catch { throw commandFailure("\(error)") }
    }
}
