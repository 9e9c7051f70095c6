import Foundation
import Logging
import ScourCore
import ScourSyntax
import Testing
@testable import ScourEngine

/// The engine's run API: a run's life from its folder, without a command line.
@Suite struct RunTests {
    private func scratch() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scour-run-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    private func files(in root: String) throws -> (playbook: String, inventory: String) {
        let playbook = root + "/p.scour", inventory = root + "/i.ini"
        try "playbook \"p\" {\n  platform = linux\n  run \"one\" { command = \"true\" }\n}\n".write(toFile: playbook, atomically: true, encoding: .utf8)
        try "a ansible_host=127.0.0.1 ansible_port=1\n".write(toFile: inventory, atomically: true, encoding: .utf8)
        return (playbook, inventory)
    }

    @Test func a_run_with_nothing_to_do_completes_and_then_refuses_a_resume() async throws {
        let root = try scratch()
        let (playbookPath, inventoryPath) = try files(in: root)
        let inputs = try RunInputs.load(playbookPath: playbookPath, paramOverrides: [], adjust: { $0 }, inventoryPath: inventoryPath, limit: nil)
        let record = RunRecord(
            runID: Run.makeID(), scourVersion: "0", playbook: inputs.playbook, playbookSource: inputs.playbookSource,
            inventory: inputs.inventorySource, limit: nil, params: inputs.params, rollout: inputs.rollout,
            waves: [], connection: .init(knownHostsFile: "/k", acceptNewHostKeys: false, identityFile: nil, user: nil, connectTimeout: .seconds(1)))
        let run = try Run.create(root: root, record: record, inputs: inputs)
        let connector = HostConnector(settings: ConnectionSettings(knownHostsFile: "/k", acceptNewHostKeys: false, identityFile: nil, user: nil,
                                                                   connectTimeout: .seconds(1), retry: RetryPolicy(retries: 0, base: .zero),
                                                                   homeDirectory: root, agentSocket: nil),
                                      logger: Logger(label: "test"))
        let result = try await run.execute(inputs, connector: connector, logger: Logger(label: "test"), guardHost: nil) { _ in }
        #expect(result.ending == .completed)
        let reopened = try Run.open(root: root, runID: run.runID)
        #expect(try reopened.history().events == [.runStarted(pid: getpid()), .runEnded(.completed)])
        #expect(try reopened.report().state.description == "completed")
        #expect(throws: RunError.self) { try reopened.resumption() }
    }

    @Test func a_journal_sealed_by_a_stop_now_ends_interrupted_and_refuses_later_lines() async throws {
        let path = try scratch() + "/journal.jsonl"
        let journal = try Journal(path: path)
        try await journal.append(.runStarted(pid: 1))
        try await journal.append(.stepStarted(host: "a", step: "slow", kind: "run", bootID: nil))
        journal.close(recording: .runEnded(.interrupted))
        await #expect(throws: RunError.self) {
            try await journal.append(.stepFinished(host: "a", StepOutcome(name: "slow", kind: "run", status: .changed, detail: "")))
        }
        let history = try RunHistory.read(path: path)
        #expect(history.ending == .interrupted)
        #expect(history.hosts["a"]?.steps["slow"] == .inFlight(bootID: nil), "the abandoned step stays in flight for resume to check")
    }

    @Test(arguments: [RunEnding.completed, .interrupted, .halted(afterWave: 2), .paused(afterWave: 12)])
    func an_ending_reads_back_as_it_was_written(_ ending: RunEnding) throws {
        #expect(try JSONDecoder().decode(RunEnding.self, from: JSONEncoder().encode(ending)) == ending)
    }
}
