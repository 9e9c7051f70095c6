import Foundation
import Logging
import ScourCore
@testable import ScourEngine
import TestSupport
import Testing

/// A `remove_lines` step that leaves nothing written (its validation failed, so its file was put
/// back) fails, and its `step_finished` says so: restore has no edit to look for a backup of.
/// With the real executor and scripts on this machine (`LocalTransport`).
@Suite struct NeverWrittenEditTests {
    private let scratch: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scour-never-written-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    @Test func a_failed_remove_lines_that_wrote_nothing_leaves_no_edit_on_record() async throws {
        let config = scratch + "/cron"
        try "keep\n* * * * * root /opt/.kworker/run\n".write(toFile: config, atomically: true, encoding: .utf8)
        let playbookPath = scratch + "/p.scour", inventoryPath = scratch + "/i.ini"
        // The validation fails after the replace: the original is put back.
        try """
            playbook "p" {
              platform = linux
              remove_lines "cron" {
                paths    = ["\(config)"]
                pattern  = "kworker"
                validate = "false"
              }
            }
            """.write(toFile: playbookPath, atomically: true, encoding: .utf8)
        try "here ansible_host=127.0.0.1\n".write(toFile: inventoryPath, atomically: true, encoding: .utf8)
        let inputs = try RunInputs.load(playbookPath: playbookPath, paramOverrides: [], adjust: { $0 }, inventoryPath: inventoryPath, limit: nil)
        let record = RunRecord(
            runID: Run.makeID(), scourVersion: "0", playbook: inputs.playbook, playbookSource: inputs.playbookSource,
            inventory: inputs.inventorySource, limit: nil, params: inputs.params, rollout: inputs.rollout, waves: [["here"]],
            connection: .init(knownHostsFile: "/k", acceptNewHostKeys: false, identityFile: nil, user: nil, connectTimeout: .seconds(1)))
        let run = try Run.create(root: scratch + "/runs", record: record, inputs: inputs)
        let connector = HostConnector(settings: ConnectionSettings(knownHostsFile: "/k", homeDirectory: scratch), logger: Logger(label: "test"),
                                      dial: { _, _ in LocalTransport() })
        let result = try await run.execute(inputs, connector: connector, logger: Logger(label: "test"), guardHost: nil) { _ in }

        let step = try #require(result.hosts.first?.steps.last)
        #expect(step.status == .failed, "\(step)")
        #expect(step.configEdits == [], "the step says it wrote nothing: \(step)")
        let history = try run.history()
        let announced = history.events.contains { if case .stepStarted(_, "cron", _, _, _, let editing?) = $0 { !editing.isEmpty } else { false } }
        #expect(announced, "the edit was announced before acting")
        #expect(history.configEdits["here"] == nil, "restore has no edit to look for: \(history.configEdits)")
        let journal = try String(contentsOfFile: run.folder.journalPath, encoding: .utf8)
        #expect(journal.contains(#""config_edits":[]"#), "the record says so")
        #expect(try String(contentsOfFile: config, encoding: .utf8) == "keep\n* * * * * root /opt/.kworker/run\n", "the original is back")
    }
}
