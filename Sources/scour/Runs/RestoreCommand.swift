import ArgumentParser
import Foundation
import ScourCore
import ScourEngine

/// `scour restore RUN`: quarantined files back where they were.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put files a run quarantined back where they were, with their mode, owner and mtime.",
        discussion: """
            Reads each host's quarantine manifest (/var/lib/scour/quarantine/RUN/manifest.jsonl), \
            checks every quarantined copy against the SHA-256 recorded when it was removed, and \
            puts it back; a path where something exists now is refused unless --force. The \
            quarantined copies stay. Exit status: 0 when every selected file was restored (or \
            would be, with --dry-run), 1 otherwise.
            """)

    @Argument(help: ArgumentHelp("The run id (`scour runs` lists them).", valueName: "run"))
    var runID: String

    @Argument(help: ArgumentHelp("Only these paths, or files under these folders (default: all).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Only the run's hosts matching this Ansible pattern.", valueName: "pattern"))
    var host: String?

    @Flag(help: "Replace what exists at a path now.")
    var force = false

    @Flag(help: "Check and show what would be restored; change nothing.")
    var dryRun = false

    @OptionGroup(title: "Runs") var runs: RunsOptions
    @OptionGroup(title: "Connection") var connection: RecordedConnectionOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    func run() async throws {
        let folder = try runs.open(runID).folder
        let record: RunRecord
        let hosts: [InventoryHost]
        do {
            record = try folder.record()
            let inventory = try Inventory.load(path: record.inventory.path)
            let chosen = Set(try inventory.select(HostPattern(parsing: host ?? "all")).map(\.name))
            hosts = try inventory.hosts(named: record.hostNames.filter(chosen.contains))
        } catch {
            throw commandFailure("\(error)")
        }
        guard !hosts.isEmpty else { throw commandFailure("no host of run \(runID) matches \(host ?? "all")") }
        // A restore that changes hosts is recorded in the run's journal (one line a file).
        let (lock, journal) = try dryRun ? (nil, nil) : takeForRecording(folder)
        defer { journal?.close(); lock?.release() }

        let rollout = record.rollout.rollout ?? Rollout()
        let connector = HostConnector(settings: connection.settings(record.connection, retry: RetryPolicy(retries: rollout.retries, base: rollout.backoff)),
                                      logger: logging.makeLogger(label: "scour.restore"))
        let restorer = QuarantineRestorer(runID: runID, paths: paths, force: force, dryRun: dryRun)
        let style = TerminalStyle(for: STDOUT_FILENO)
        var outcomes: [String: QuarantineRestorer.HostOutcome] = [:]
        await forEachConcurrently(hosts, limit: rollout.concurrency, { host in
            let outcome = await restorer.restore(host, connector: connector)
            for file in outcome.files {
                let (status, detail) = file.result.record
                try? await journal?.append(.fileRestored(host: outcome.host, path: file.entry.path, status: status, detail: detail))
            }
            return outcome
        }, onResult: { outcomes[$0.host] = $0 })
        var problems = 0
        var done = 0
        for outcome in hosts.compactMap({ outcomes[$0.name] }) {
            if let error = outcome.error {
                problems += 1
                print("\(outcome.host)  \(style.red("failed")): \(error)")
                continue
            }
            if outcome.files.isEmpty { print("\(outcome.host)  nothing quarantined\(paths.isEmpty ? "" : " under the given paths")") }
            for file in outcome.files {
                if file.result.isProblem { problems += 1 } else { done += 1 }
                print("\(outcome.host)  \(words(file.result, style: style))  \(file.entry.path)  (\(file.entry.size) bytes, mode \(file.entry.mode), \(file.entry.owner):\(file.entry.group), step \(file.entry.step))")
            }
        }
        print("\(dryRun ? "would restore" : "restored") \(done) file\(done == 1 ? "" : "s"); \(problems) problem\(problems == 1 ? "" : "s")")
        if problems > 0 { throw ExitCode.hostsFailed }
    }

    private func takeForRecording(_ folder: RunFolder) throws -> (RunLock, Journal) {
        do {
            let lock = try folder.lock()
            return (lock, try Journal(path: folder.journalPath, keepingBytes: try folder.history().validLength))
        } catch {
            throw commandFailure("\(error)", .hostsFailed)
        }
    }

    private func words(_ result: QuarantineRestorer.FileResult, style: TerminalStyle) -> String {
        switch result {
        case .restored: style.green("restored")
        case .wouldRestore: style.green("would restore")
        case .exists: style.yellow("exists now, not overwritten (--force replaces it)")
        case .hashMismatch(let why): style.red("SHA-256 differs from the manifest, not restored") + (why.isEmpty ? "" : " (\(why))")
        case .storedMissing: style.red("the quarantined copy is missing")
        case .deleted: style.yellow("deleted by its step (mode = delete): nothing kept")
        case .failed(let why): style.red("failed: \(why)")
        }
    }
}
