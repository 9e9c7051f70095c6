import ArgumentParser
import ScourEngine
import ScourStore

/// `scour runs export RUN --to DIR|URL` and `scour runs import RUN --from DIR|URL`: a run copied
/// whole between the store the options choose and another (a run started on a laptop handed
/// to the team's database, or a database's run kept as a folder).
enum RunsTransferCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Copy a run from the store (--store or --runs-dir) to a folder of run folders or a database.")

        @Argument(help: ArgumentHelp("The run id.", valueName: "run"))
        var runID: String

        @Option(help: ArgumentHelp("Where the copy goes: a folder of run folders, or a postgresql:// URL.", valueName: "folder|url"))
        var to: String

        @OptionGroup(title: "Runs") var runs: RunsOptions

        func run() throws {
            try transfer(runID, from: runs.store(), to: RunsTransferCommand.otherStore(to))
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Copy a run into the store (--store or --runs-dir) from a folder of run folders or a database.")

        @Argument(help: ArgumentHelp("The run id.", valueName: "run"))
        var runID: String

        @Option(help: ArgumentHelp("Where the run is: a folder of run folders, or a postgresql:// URL.", valueName: "folder|url"))
        var from: String

        @OptionGroup(title: "Runs") var runs: RunsOptions

        func run() throws {
            try transfer(runID, from: RunsTransferCommand.otherStore(from), to: runs.store())
        }
    }

    /// A store named on the command line: a URL for a database, else a folder.
    static func otherStore(_ place: String) throws -> any RunStore {
        guard place.hasPrefix("postgresql:") || place.hasPrefix("postgres:") else { return FolderRunStore(root: place) }
        do { return try PostgresRunStore(url: place) } catch { throw commandFailure("\(error)") }
    }
}

private func transfer(_ runID: String, from source: any RunStore, to target: any RunStore) throws {
    do {
        let copy = try Run.open(in: source, runID: runID).copy(to: target)
        print("run \(runID) copied from \(source.location) to \(copy.stored.location) (\(try copy.history().events.count) journal entries)")
    } catch {
        throw commandFailure("\(error)")
    }
}
