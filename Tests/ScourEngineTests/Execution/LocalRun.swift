import Foundation
import Logging
import ScourCore
@testable import ScourEngine
import TestSupport

/// A run of a playbook on hosts that are all this machine (`LocalTransport`: the real executor
/// and scripts, no SSH), in a scratch folder of its own: what the executor's tests drive.
struct LocalRun {
    let scratch: String

    init(_ name: String) {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("scour-\(name)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    /// A new run of `playbook` (the text) on `hosts`, wave by wave as `waves` names them.
    func make(playbook: String, hosts: [String], waves: [[String]], driftIsNotFailure: Bool = false) throws -> (Run, RunInputs, HostConnector) {
        let playbookPath = scratch + "/p.scour", inventoryPath = scratch + "/i.ini"
        try playbook.write(toFile: playbookPath, atomically: true, encoding: .utf8)
        try hosts.map { "\($0) ansible_host=127.0.0.1\n" }.joined().write(toFile: inventoryPath, atomically: true, encoding: .utf8)
        let inputs = try RunInputs.load(playbookPath: playbookPath, paramOverrides: [], adjust: { $0 }, inventoryPath: inventoryPath, limit: nil)
        let record = RunRecord(
            runID: Run.makeID(), scourVersion: "0", playbook: inputs.playbook, playbookSource: inputs.playbookSource,
            inventory: inputs.inventorySource, driftIsNotFailure: driftIsNotFailure, limit: nil, params: inputs.params,
            rollout: inputs.rollout, waves: waves,
            connection: .init(knownHostsFile: "/k", acceptNewHostKeys: false, identityFile: nil, user: nil, connectTimeout: .seconds(1)))
        let run = try Run.create(root: scratch + "/runs", record: record, inputs: inputs)
        let connector = HostConnector(settings: ConnectionSettings(knownHostsFile: "/k", homeDirectory: scratch), logger: Logger(label: "test"),
                                      dial: { _, _ in LocalTransport() })
        return (run, inputs, connector)
    }
}
