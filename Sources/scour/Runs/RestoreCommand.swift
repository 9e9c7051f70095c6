import ArgumentParser
import Foundation
import ScourCore
import ScourEngine

/// `scour restore RUN`: quarantined files and edited configs back as they were.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put files a run quarantined, and config files it edited, back as they were.",
        discussion: """
            Reads each host's quarantine manifest (/var/lib/scour/quarantine/RUN/manifest.jsonl), \
            checks every quarantined copy against the SHA-256 recorded when it was removed, and \
            puts it back with its mode, owner and mtime; a path where something exists now is \
            refused unless --force. Files strip_mappings and remove_lines steps edited are put back from \
            their backups, byte for byte, when the backup is the original the journal recorded; \
            a config that changed since the edit is refused unless --force. The quarantined copies \
            and backups stay. Exit status: 0 when every selected file was restored (or would be, \
            with --dry-run), 1 otherwise — also when a PATH or --host takes nothing the run \
            quarantined or edited (what there is instead is listed).
            """)

    @Argument(help: ArgumentHelp("The run id (`scour runs` lists them).", valueName: "run"))
    var runID: String

    @Argument(help: ArgumentHelp("Only these paths, or files under these folders (default: all).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Only the run's hosts matching this Ansible pattern.", valueName: "pattern"))
    var host: String?

    @Flag(help: "Replace what exists at a path now, or a config changed since the run edited it.")
    var force = false

    @Flag(help: "Check and show what would be restored; change nothing.")
    var dryRun = false

    @OptionGroup(title: "Runs") var runs: RunsOptions
    @OptionGroup(title: "Connection") var connection: RecordedConnectionOptions
    @OptionGroup(title: "Privilege") var privilege: BecomeOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    func run() async throws {
        let run = try runs.open(runID)
        let hosts: [InventoryHost]
        do {
            let become = try privilege.request(recorded: run.record.become == true)
            hosts = try run.restoreTargets(matching: host).map(become.applied)
        } catch let error as RestoreTargetsError {
            printNoHostMatches(error)
            throw ExitCode.hostsFailed
        } catch {
            throw commandFailure("\(error)")
        }
        let rollout = run.record.rollout.rollout ?? Rollout()
        let connector = HostConnector(settings: connection.settings(run.record.connection, retry: RetryPolicy(retries: rollout.retries, base: rollout.backoff)),
                                      logger: logging.makeLogger(label: "scour.restore"))
        try connector.settings.refuseUnreadableKeyFiles(of: hosts, inventoryPath: run.record.inventory.path)
        let selection = RestoreSelection(paths: paths)
        let restorer = QuarantineRestorer(runID: runID, selection: selection, force: force, dryRun: dryRun)
        let style = TerminalStyle(for: STDOUT_FILENO)
        let reached: [QuarantineRestorer.HostOutcome]
        do {
            reached = try await run.restore(hosts, with: restorer, connector: connector, concurrency: rollout.concurrency)
        } catch {
            throw commandFailure("\(error)", .hostsFailed)
        }
        var (files, configs, problems) = (0, 0, 0)
        for outcome in reached {
            let shown = show(outcome, style: style)
            (files, configs, problems) = (files + shown.files, configs + shown.configs, problems + shown.problems)
        }
        // A named path that takes nothing anywhere is a mistake to report, not a success.
        let unmatched = selection.unmatched(in: reached.flatMap { $0.quarantined + $0.edited })
        for path in unmatched {
            print("\(style.red("nothing quarantined or edited at \(visible(path))")) on \(hosts.count == 1 ? hosts[0].name : "any of the \(hosts.count) hosts")")
        }
        let counted = [(files, "file"), (configs, "config")].filter { $0.0 > 0 || $0.1 == "file" }.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
        print("\(dryRun ? "would restore" : "restored") \(counted.joined(separator: " and ")); \(problems) problem\(problems == 1 ? "" : "s")")
        if problems > 0 || !unmatched.isEmpty { throw ExitCode.hostsFailed }
    }

    /// Prints a host's line per file and config; returns how many were (or would be) restored,
    /// and how many were refused or failed.
    private func show(_ outcome: QuarantineRestorer.HostOutcome, style: TerminalStyle) -> (files: Int, configs: Int, problems: Int) {
        if let error = outcome.error {
            print("\(outcome.host)  \(style.red("failed")): \(visible(error))")
            return (0, 0, 1)
        }
        if outcome.files.isEmpty, outcome.configs.isEmpty {
            print("\(outcome.host)  nothing quarantined or edited" + (paths.isEmpty ? "" : " under the given paths; " + listing(outcome)))
        }
        var (files, configs, problems) = (0, 0, 0)
        for line in outcome.tampered {
            problems += 1
            print("\(outcome.host)  \(style.red("manifest entry not in the run's journal (tampering?), not restored"))  \(visible(line))")
        }
        for file in outcome.files {
            if file.result.isProblem { problems += 1 } else { files += 1 }
            let entry = file.entry
            let about = "\(entry.size) bytes, mode \(visible(entry.mode)), \(visible(entry.owner)):\(visible(entry.group)), step \(visible(entry.step))"
            print("\(outcome.host)  \(words(file.result, style: style))  \(visible(entry.path))  (\(about))")
        }
        for config in outcome.configs {
            if config.result.isProblem { problems += 1 } else if config.result != .alreadyRestored { configs += 1 }
            let edit = config.edit
            let about = if let mode = edit.mode, let owner = edit.owner, let group = edit.group {
                "edited by the run; from its backup, mode \(visible(mode)), \(visible(owner)):\(visible(group))"
            } else {
                "edited by a step the run did not see end; from its backup, checked by its SHA-256"
            }
            print("\(outcome.host)  \(configWords(config.result, style: style))  \(visible(edit.path))  (\(about))")
        }
        return (files, configs, problems)
    }

    /// `--host` took none of the run's hosts: which there are, and what the journal says
    /// restore could put back on each, so the operator sees the typo.
    private func printNoHostMatches(_ error: RestoreTargetsError) {
        var lines = ["no host of run \(runID) matches \(visible(error.pattern)); its hosts, and what restore could put back on each:"]
        for (name, items) in error.runHosts.prefix(Self.listed) {
            lines.append("  \(name)  " + (items.isEmpty ? "nothing" : shortList(items)))
        }
        if error.runHosts.count > Self.listed { lines.append("  … and \(error.runHosts.count - Self.listed) more hosts") }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// How many hosts, or paths of a host, a listing shows.
    private static let listed = 10

    /// What a host had to restore, when none of it was selected.
    private func listing(_ outcome: QuarantineRestorer.HostOutcome) -> String {
        let parts = [("quarantined", outcome.quarantined), ("edited", outcome.edited)].filter { !$0.1.isEmpty }.map { "\($0.0) here: \(shortList($0.1))" }
        return parts.isEmpty ? "the run quarantined and edited nothing here" : parts.joined(separator: "; ")
    }

    private func shortList(_ items: [String]) -> String {
        items.prefix(Self.listed).map(visible).joined(separator: ", ") + (items.count > Self.listed ? " and \(items.count - Self.listed) more" : "")
    }

    private func visible(_ text: String) -> String { HostText.terminal(text) }

    private func words(_ result: QuarantineRestorer.FileResult, style: TerminalStyle) -> String {
        switch result {
        case .restored: style.green("restored")
        case .wouldRestore: style.green("would restore")
        case .exists: style.yellow("exists now, not overwritten (--force replaces it)")
        case .changedSince(let why): style.yellow("changed since (\(visible(why))), not overwritten (--force replaces it)")
        case .alreadyRestored: style.green("already restored")
        case .hashMismatch(let why): style.red("SHA-256 differs from the manifest, not restored") + (why.isEmpty ? "" : " (\(visible(why)))")
        case .storedMissing: style.red("the quarantined copy is missing")
        case .deleted: style.yellow("deleted by its step (mode = delete): nothing kept")
        case .failed(let why): style.red("failed: \(visible(why))")
        }
    }

    private func configWords(_ result: QuarantineRestorer.FileResult, style: TerminalStyle) -> String {
        switch result {
        case .hashMismatch(let why): style.red("the backup is not what the run recorded (\(visible(why))), not restored")
        case .storedMissing: style.red("the backup is missing")
        case .alreadyRestored: style.green("already the original, left as it is")
        default: words(result, style: style)
        }
    }
}
