import Foundation
import ScourCore

/// What a run works from: the playbook (analyzed for execution), resolved params, the rollout
/// and the hosts. From a playbook and an inventory (`plan`, `apply`), or from what a saved plan
/// or a run recorded (`apply plan.json`, `resume`), whose files must not have changed since.
public struct RunInputs: Sendable {
    /// The playbook's analysis: its source and any warnings, for the caller to show.
    public var analysis: LoadedPlaybook
    public var playbook: Playbook
    public var params: [String: Value]
    public var rollout: Rollout
    public var hosts: [InventoryHost]
    /// What the inventory has that Scour does not honour, for the caller to show.
    public var inventoryWarnings: [InventoryWarning] = []

    /// `playbookPath` with `--param` overrides, the rollout `adjust`ed (command-line overrides)
    /// and the inventory's hosts matching `limit`.
    public static func load(
        playbookPath: String, paramOverrides: [(name: String, value: String)], adjust: (Rollout) throws -> Rollout,
        inventoryPath: String, limit: String?
    ) throws -> RunInputs {
        let analysis = try analyze(playbookPath)
        let playbook = analysis.playbook!
        do {
            let inventory = try Inventory.load(path: inventoryPath)
            return try RunInputs(analysis: analysis, playbook: playbook, params: try ParamValues.resolve(playbook, overrides: paramOverrides),
                                 rollout: try adjust(playbook.rollout),
                                 hosts: try inventory.select(HostPattern(parsing: limit ?? "all")), inventoryWarnings: inventory.warnings)
                .resolvable()
        } catch let error as RunInputError {
            throw error
        } catch {
            throw RunInputError.invalid("\(error)")
        }
    }

    /// The inputs a plan or run recorded. `since` completes "changed since …" in the errors.
    public static func recorded(
        playbook source: PlanDocument.Source, inventory: PlanDocument.Source, params: [String: String],
        rollout record: PlanDocument.RolloutRecord, hostNames: [String], since: String
    ) throws -> RunInputs {
        try verify(source, "playbook", since: since)
        try verify(inventory, "inventory", since: since)
        let analysis = try analyze(source.path)
        let playbook = analysis.playbook!
        guard let rollout = record.rollout else { throw RunInputError.invalid("the recorded rollout cannot be read back: \(record)") }
        do {
            let loaded = try Inventory.load(path: inventory.path)
            return try RunInputs(analysis: analysis, playbook: playbook,
                                 params: try ParamValues.resolve(playbook, overrides: params.map { ($0.key, $0.value) }),
                                 rollout: rollout, hosts: try loaded.hosts(named: hostNames), inventoryWarnings: loaded.warnings)
                .resolvable()
        } catch let error as RunInputError {
            throw error
        } catch {
            throw RunInputError.invalid("\(error)")
        }
    }

    /// The inputs, once every host sets each variable the playbook reads without a default, and
    /// the playbook's interpolated paths, patterns and names pass their rules on every host:
    /// else nothing is contacted.
    private func resolvable() throws -> RunInputs {
        let missing = HostVariableCheck.diagnostics(playbook, hosts: hosts.map { ($0.name, Planner.variables(of: $0)) })
        if !missing.isEmpty {
            var refused = analysis
            refused.playbook = nil
            refused.diagnostics += missing
            throw RunInputError.invalidPlaybook(refused)
        }
        _ = try HostPlaybooks(playbook, params: params, hosts: hosts)
        return self
    }

    /// The playbook analyzed for execution; one with errors is thrown with its diagnostics.
    private static func analyze(_ path: String) throws -> LoadedPlaybook {
        let loaded: LoadedPlaybook
        do { loaded = try LoadedPlaybook.load(path: path, purpose: .execute) } catch { throw RunInputError.invalid("\(error)") }
        guard loaded.playbook != nil else { throw RunInputError.invalidPlaybook(loaded) }
        return loaded
    }

    /// The file must still have the recorded SHA-256.
    private static func verify(_ source: PlanDocument.Source, _ what: String, since: String) throws {
        guard let now = SHA256.hex(ofFileAt: source.path) else { throw RunInputError.invalid("cannot read the \(what) \(source.path)") }
        guard now == source.sha256 else {
            throw RunInputError.invalid(
                "the \(what) \(source.path) changed since \(since) (SHA-256 \(source.sha256.prefix(12))… then, \(now.prefix(12))… now)")
        }
    }
}

/// Inputs a run cannot start from (exit 65).
public enum RunInputError: Error, CustomStringConvertible {
    /// The playbook has errors: its diagnostics say where.
    case invalidPlaybook(LoadedPlaybook)
    /// The inventory, a param, a pattern or a recorded file, said in words.
    case invalid(String)

    public var description: String {
        switch self {
        case .invalidPlaybook(let loaded): "\(loaded.source.path) has errors"
        case .invalid(let message): message
        }
    }
}
