import ArgumentParser
import ScourEngine

/// `--runs-dir`: where run folders live (each `RUN/` holds run.json, copies and journal.jsonl).
struct RunsOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Folder of run folders. Default: $SCOUR_RUNS_DIR, else ./runs.", valueName: "folder"))
    var runsDir: String?

    var root: String { RunFolder.root(runsDir) }

    func open(_ runID: String) throws -> Run {
        do { return try Run.open(root: root, runID: runID) } catch { throw commandFailure("\(error)") }
    }
}
