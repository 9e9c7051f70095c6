import Foundation
import ScourCore

/// What a run works from, each part read or worked out once, before any host is contacted: the
/// playbook and inventory files as read (the bytes analysed are the bytes a plan or run hashes
/// and copies), the playbook analyzed for execution, resolved params, the rollout, the hosts,
/// each host's variables and playbook, and the patch files' sizes. From a playbook and an
/// inventory (`plan`, `apply`), or from what a saved plan or a run recorded (`apply plan.json`,
/// `resume`), whose files must not have changed since.
public struct RunInputs: Sendable {
    /// The playbook's bytes, as analysed.
    public let playbookFile: InputFile
    /// The inventory's bytes, as loaded.
    public let inventoryFile: InputFile
    /// The playbook's analysis: its source and any warnings, for the caller to show.
    public let analysis: LoadedPlaybook
    public let playbook: Playbook
    public let params: [String: Value]
    public var rollout: Rollout
    /// The targeted hosts; the caller may fill in how they become (`BecomeRequest`).
    public var hosts: [InventoryHost]
    /// What the inventory has that Scour does not honour, for the caller to show.
    public let inventoryWarnings: [InventoryWarning]
    /// Each host's variables as the playbook reads them, by host name.
    let hostVariables: [String: [String: String]]
    /// The playbook as each host gets it.
    let playbooks: HostPlaybooks
    /// The size of every patch file on the controller, by path.
    let patchSizes: [String: UInt64]

    /// `playbookPath` with `--param` overrides, the rollout `adjust`ed (command-line overrides)
    /// and the inventory's hosts matching `limit`.
    public static func load(
        playbookPath: String, paramOverrides: [(name: String, value: String)], adjust: (Rollout) throws -> Rollout,
        inventoryPath: String, limit: String?
    ) throws -> RunInputs {
        let playbookFile: InputFile
        do { playbookFile = try LoadedPlaybook.read(path: playbookPath) } catch { throw RunInputError.invalid("\(error)") }
        let analysis = try analyze(playbookFile)
        let playbook = analysis.playbook!
        do {
            let inventoryFile = try Inventory.readFile(inventoryPath)
            let inventory = try Inventory.load(inventoryFile)
            return try RunInputs(
                playbookFile: playbookFile, analysis: analysis, inventoryFile: inventoryFile,
                params: try ParamValues.resolve(playbook, overrides: paramOverrides), rollout: try adjust(playbook.rollout),
                hosts: try inventory.select(HostPattern(parsing: limit ?? "all")), inventoryWarnings: inventory.warnings)
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
        try recorded(playbookFile: try unchanged(source, "playbook", since: since), inventoryFile: try unchanged(inventory, "inventory", since: since),
                     params: params, rollout: record, hostNames: hostNames)
    }

    /// The inputs a run recorded, from the bytes its store kept of its playbook and inventory
    /// (a controller joining a shared run may not have the files).
    public static func recorded(
        playbookFile: InputFile, inventoryFile: InputFile, params: [String: String], rollout record: PlanDocument.RolloutRecord,
        hostNames: [String]
    ) throws -> RunInputs {
        let analysis = try analyze(playbookFile)
        let playbook = analysis.playbook!
        guard let rollout = record.rollout else { throw RunInputError.invalid("the recorded rollout cannot be read back: \(record)") }
        do {
            let loaded = try Inventory.load(inventoryFile)
            return try RunInputs(
                playbookFile: playbookFile, analysis: analysis, inventoryFile: inventoryFile,
                params: try ParamValues.resolve(playbook, overrides: params.map { ($0.key, $0.value) }),
                rollout: rollout, hosts: try loaded.hosts(named: hostNames), inventoryWarnings: loaded.warnings)
        } catch let error as RunInputError {
            throw error
        } catch {
            throw RunInputError.invalid("\(error)")
        }
    }

    /// The inputs, once every host sets each variable the playbook reads without a default, and
    /// the playbook's interpolated paths, patterns and names pass their rules on every host:
    /// else nothing is contacted.
    private init(
        playbookFile: InputFile, analysis: LoadedPlaybook, inventoryFile: InputFile, params: [String: Value], rollout: Rollout,
        hosts: [InventoryHost], inventoryWarnings: [InventoryWarning]
    ) throws {
        let playbook = analysis.playbook!
        let variables = hosts.map { (name: $0.name, variables: $0.playbookVariables) }
        let missing = HostVariableCheck.diagnostics(playbook, hosts: variables)
        if !missing.isEmpty {
            var refused = analysis
            refused.playbook = nil
            refused.diagnostics += missing
            throw RunInputError.invalidPlaybook(refused)
        }
        self.playbookFile = playbookFile
        self.inventoryFile = inventoryFile
        self.analysis = analysis
        self.playbook = playbook
        self.params = params
        self.rollout = rollout
        self.hosts = hosts
        self.inventoryWarnings = inventoryWarnings
        hostVariables = Dictionary(uniqueKeysWithValues: variables.map { ($0.name, $0.variables) })
        playbooks = try HostPlaybooks(playbook, params: params, hosts: variables)
        patchSizes = try Self.patchSizes(of: playbook)
    }

    /// What a plan or run records of the playbook: its path and the SHA-256 of the bytes analysed.
    public var playbookSource: PlanDocument.Source { PlanDocument.Source(playbookFile) }
    /// What a plan or run records of the inventory: its path and the SHA-256 of the bytes loaded.
    public var inventorySource: PlanDocument.Source { PlanDocument.Source(inventoryFile) }

    /// The names of the hosts `pattern` selects (`--limit`'s syntax) in the inventory the
    /// inputs were read from, among the hosts worked.
    public func hostNames(matching pattern: String) throws -> Set<String> {
        let selected: [InventoryHost]
        do { selected = try Inventory.load(inventoryFile).select(HostPattern(parsing: pattern)) } catch { throw RunInputError.invalid("\(error)") }
        let names = Set(selected.map(\.name)).intersection(hosts.map(\.name))
        guard !names.isEmpty else { throw RunInputError.invalid("no host of the run matches '\(pattern)'") }
        return names
    }

    /// How `host`'s detections and steps are decided — the plan, and apply's check and
    /// verification — with what was worked out for it here.
    func stepDecider(for host: String) -> StepDecider {
        guard let variables = hostVariables[host] else { preconditionFailure("\(host) is not one of the run's hosts") }
        return StepDecider(playbook: playbooks[host], params: params, hostVariables: variables, patchSizes: patchSizes)
    }

    /// The playbook analyzed for execution; one with errors is thrown with its diagnostics.
    private static func analyze(_ file: InputFile) throws -> LoadedPlaybook {
        let loaded: LoadedPlaybook
        do { loaded = try LoadedPlaybook.analyze(file, purpose: .execute) } catch { throw RunInputError.invalid("\(error)") }
        guard loaded.playbook != nil else { throw RunInputError.invalidPlaybook(loaded) }
        return loaded
    }

    /// The recorded file, read once; it must still have the recorded SHA-256.
    private static func unchanged(_ source: PlanDocument.Source, _ what: String, since: String) throws -> InputFile {
        guard let file = try? InputFile.read(source.path) else { throw RunInputError.invalid("cannot read the \(what) \(source.path)") }
        guard file.sha256 == source.sha256 else {
            throw RunInputError.invalid(
                "the \(what) \(source.path) changed since \(since) (SHA-256 \(source.sha256.prefix(12))… then, \(file.sha256.prefix(12))… now)")
        }
        return file
    }

    /// The size of every patch on the controller, for the plan. Their hashes need no second
    /// read: analysis for execution has checked each file against its declared `sha256`, and
    /// the host checks the upload against it again before installing.
    private static func patchSizes(of playbook: Playbook) throws -> [String: UInt64] {
        var sizes: [String: UInt64] = [:]
        for step in playbook.steps {
            guard let patch = step.action as? ApplyPatch else { continue }
            let attributes = try FileManager.default.attributesOfItem(atPath: patch.file)
            sizes[patch.file] = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
        }
        return sizes
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
