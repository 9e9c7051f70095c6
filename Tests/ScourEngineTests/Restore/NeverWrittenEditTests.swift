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
    private let local = LocalRun("never-written")
    private var scratch: String { local.scratch }

    @Test func a_failed_remove_lines_that_wrote_nothing_leaves_no_edit_on_record() async throws {
        let config = scratch + "/cron"
        try "keep\n* * * * * root /opt/.kworker/run\n".write(toFile: config, atomically: true, encoding: .utf8)
        // The validation fails after the replace: the original is put back.
        let playbook = """
            playbook "p" {
              platform = linux
              remove_lines "cron" {
                paths    = ["\(config)"]
                pattern  = "kworker"
                validate = "false"
              }
            }
            """
        let (run, inputs, connector) = try local.make(playbook: playbook, hosts: ["here"], waves: [["here"]])
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
