import ArgumentParser
import Foundation
import ScourCore
import ScourEngine

/// `scour runs`: the runs in the store, oldest first; `export` and `import` move one between stores.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "The recorded runs: list them (the default), or copy one between stores.",
        subcommands: [RunsListCommand.self, RunsTransferCommand.Export.self, RunsTransferCommand.Import.self],
        defaultSubcommand: RunsListCommand.self)
}

/// `scour runs [list]`.
struct RunsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the recorded runs: id, playbook, hosts and state.")

    @OptionGroup(title: "Runs") var runs: RunsOptions

    func run() throws {
        let store = try runs.store()
        let ids: [String]
        do { ids = try store.runIDs() } catch { throw commandFailure("\(error)") }
        guard !ids.isEmpty else {
            print("no runs in \(store.location)")
            return
        }
        for id in ids {
            guard let run = try? Run.open(in: store, runID: id) else {
                print("\(id)  (run.json unreadable)")
                continue
            }
            let state: String
            do { state = try run.report().state.description } catch { state = "journal unreadable: \(error)" }
            print("\(id)  \(HostText.terminal(run.record.playbookName))  \(run.record.hostNames.count) hosts  \(HostText.terminal(state))")
        }
    }
}
