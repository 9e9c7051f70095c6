import ArgumentParser
import Foundation
import ScourCore
import ScourEngine

/// `scour runs`: the runs in the runs folder, oldest first.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the recorded runs: id, playbook, hosts and state.")

    @OptionGroup(title: "Runs") var runs: RunsOptions

    func run() throws {
        let ids = RunFolder.list(root: runs.root)
        guard !ids.isEmpty else {
            print("no runs in \(runs.root)")
            return
        }
        for id in ids {
            guard let run = try? Run.open(root: runs.root, runID: id) else {
                print("\(id)  (run.json unreadable)")
                continue
            }
            let state: String
            do { state = try run.report().state.description } catch { state = "journal unreadable: \(error)" }
            print("\(id)  \(HostText.terminal(run.record.playbookName))  \(run.record.hostNames.count) hosts  \(HostText.terminal(state))")
        }
    }
}
