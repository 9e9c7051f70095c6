import ArgumentParser
import Foundation
import ScourCore
import ScourEngine
import ScourSyntax

/// The playbook (analyzed for execution), params, rollout and hosts of a run; any problem is
/// printed and becomes exit 65. From the command line (`plan`, `apply`), or from what a saved
/// plan or a run recorded (`apply plan.json`, `resume`), whose files must not have changed since.
struct RunInputs {
    var playbook: Playbook
    var params: [String: Value]
    var rollout: Rollout
    var hosts: [InventoryHost]

    static func load(playbookPath: String, inventory: InventoryOptions, run: RunOptions) throws -> RunInputs {
        let playbook = try loadPlaybook(playbookPath)
        do {
            return RunInputs(playbook: playbook, params: try ParamValues.resolve(playbook, overrides: run.paramOverrides),
                             rollout: try run.rollout(for: playbook), hosts: try inventory.selectedHosts())
        } catch {
            throw commandFailure("\(error)")
        }
    }

    /// The inputs a plan or run recorded. `since` completes "changed since …" in the errors.
    static func load(
        playbook source: PlanDocument.Source, inventory: PlanDocument.Source, params: [String: String],
        rollout record: PlanDocument.RolloutRecord, hostNames: [String], since: String
    ) throws -> RunInputs {
        try verify(source, "playbook", since: since)
        try verify(inventory, "inventory", since: since)
        let playbook = try loadPlaybook(source.path)
        guard let rollout = record.rollout else { throw commandFailure("the recorded rollout cannot be read back: \(record)") }
        do {
            let hosts = try Inventory.load(path: inventory.path).hosts(named: hostNames)
            return RunInputs(playbook: playbook, params: try ParamValues.resolve(playbook, overrides: params.map { ($0.key, $0.value) }),
                             rollout: rollout, hosts: hosts)
        } catch {
            throw commandFailure("\(error)")
        }
    }

    private static func loadPlaybook(_ path: String) throws -> Playbook {
        let loaded: LoadedPlaybook
        do { loaded = try LoadedPlaybook.load(path: path, purpose: .execute) } catch { throw commandFailure("\(error)") }
        if !loaded.diagnostics.isEmpty {
            let renderer = DiagnosticRenderer(sources: [loaded.source], colors: TerminalStyle(for: STDERR_FILENO).enabled)
            FileHandle.standardError.write(Data(renderer.render(loaded.diagnostics).utf8))
        }
        guard let playbook = loaded.playbook else { throw ExitCode.invalidInput }
        return playbook
    }

    /// The file must still have the recorded SHA-256.
    private static func verify(_ source: PlanDocument.Source, _ what: String, since: String) throws {
        guard let now = SHA256.hex(ofFileAt: source.path) else { throw commandFailure("cannot read the \(what) \(source.path)") }
        guard now == source.sha256 else {
            throw commandFailure("the \(what) \(source.path) changed since \(since) (SHA-256 \(source.sha256.prefix(12))… then, \(now.prefix(12))… now)")
        }
    }
}
