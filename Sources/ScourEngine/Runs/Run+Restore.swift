import Foundation
import ScourCore

extension Run {
    /// The run's hosts that `--host PATTERN` takes (all without one), in run order. None taken
    /// is `RestoreTargetsError`, which lists the run's hosts and what each could have back.
    public func restoreTargets(matching pattern: String?) throws -> [InventoryHost] {
        let inventory: Inventory
        let parsed: HostPattern
        do {
            inventory = try Inventory.load(path: record.inventory.path)
            parsed = try HostPattern(parsing: pattern ?? "all")
        } catch {
            throw RunInputError.invalid("\(error)")
        }
        // `select` throws only when nothing matches: answered below, with the run's hosts.
        let chosen = Set(((try? inventory.select(parsed)) ?? []).map(\.name))
        let hosts = try inventory.hosts(named: record.hostNames.filter(chosen.contains))
        guard !hosts.isEmpty else {
            let history = try history()
            throw RestoreTargetsError(pattern: pattern ?? "all", runHosts: record.hostNames.map { ($0, restorable(on: $0, history: history)) })
        }
        return hosts
    }

    /// What the journal says restore could put back on `host`: files its steps quarantined
    /// and configs they edited.
    public func restorable(on host: String, history: RunHistory) -> [String] {
        (history.hosts[host]?.quarantined ?? []).map(\.path) + (history.configEdits[host] ?? []).map { "edit \($0.path)" }
    }

    /// Restores on `hosts` with `restorer`, at most `concurrency` at once. A restore that
    /// changes hosts holds the run (as apply does) and journals one `file_restored` event a
    /// file; a dry run neither. `onHost` gets each host's outcome as it ends.
    public func restore(
        _ hosts: [InventoryHost], with restorer: QuarantineRestorer, connector: HostConnector, concurrency: Int,
        onHost: @escaping @Sendable (QuarantineRestorer.HostOutcome) -> Void = { _ in }
    ) async throws -> [QuarantineRestorer.HostOutcome] {
        let history = try history()
        let edits = history.configEdits
        var hold: (any RunHold)?
        var journal: Journal?
        if !restorer.dryRun {
            hold = try stored.hold()
            do { journal = Journal(sink: try stored.journalSink(after: history)) } catch {
                hold?.release()
                throw error
            }
        }
        defer {
            journal?.close()
            hold?.release()
        }
        var outcomes: [String: QuarantineRestorer.HostOutcome] = [:]
        await forEachConcurrently(hosts, limit: concurrency, { [journal] host in
            let outcome = await restorer.restore(host, quarantined: history.hosts[host.name]?.quarantined ?? [], edits: edits[host.name] ?? [],
                                                 connector: connector)
            let dealt = outcome.files.map { (path: $0.entry.path, kind: nil as String?, result: $0.result) }
                + outcome.configs.map { (path: $0.edit.path, kind: "config", result: $0.result) }
            for file in dealt {
                let (status, detail) = file.result.record
                try? await journal?.append(.fileRestored(host: outcome.host, path: file.path, kind: file.kind, status: status, detail: detail))
            }
            return outcome
        }, onResult: { outcome in
            outcomes[outcome.host] = outcome
            onHost(outcome)
        })
        return hosts.compactMap { outcomes[$0.name] }
    }
}

/// `--host` took none of a run's hosts: the run's hosts, each with what restore could put back.
public struct RestoreTargetsError: Error, CustomStringConvertible {
    public var pattern: String
    public var runHosts: [(name: String, restorable: [String])]
    public var description: String { "no host of the run matches \(pattern)" }
}
