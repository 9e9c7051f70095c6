import Foundation
import Logging
import ScourSSH
import ScourTransport
import Testing
import TestSupport

/// The controller's memory for answers (`--memory-limit`): what one answer is charged, waits
/// that always end, and the cap on one answer — on the budget alone, then on real sessions.
@Suite struct AnswerBudgetTests {
    @Test func small_answers_are_charged_nothing() throws {
        let budget = AnswerBudget(limit: 16 << 20)
        let charge = AnswerCharge(budget: budget, owner: "h1", caps: 64 << 20)
        try charge.hold(AnswerBudget.freeBytes, on: 0)
        try charge.hold(AnswerBudget.freeBytes, on: 1)
        #expect(charge.bytes == 0)
        #expect(budget.inUse == 0)
    }

    @Test func a_large_answer_takes_its_share_then_keeps_what_it_holds() throws {
        let cost = AnswerBudget.costPerByte
        let budget = AnswerBudget(limit: 64 << 20)
        let charge = AnswerCharge(budget: budget, owner: "h1", caps: 4 << 20)
        try charge.hold(1 << 20, on: 0)
        #expect(charge.bytes == cost * (4 << 20), "the caps times the cost per byte, taken at once")
        try charge.hold(3 << 20, on: 0)
        try charge.hold(1 << 20, on: 1)
        #expect(throws: AnswerCharge.Exceeded.self, "5 MiB held, past the 4 MiB of caps") { try charge.hold(4 << 20, on: 0) }
        try charge.hold(3 << 20, on: 0)
        charge.settle()
        #expect(charge.bytes == cost * (4 << 20), "4 MiB held on two streams: the whole share")
        charge.release()
        #expect(budget.inUse == 0)

        let larger = AnswerCharge(budget: budget, owner: "h2", caps: 1 << 30)
        try larger.hold(2 << 20, on: 0)
        #expect(larger.bytes == (64 << 20) / cost * cost, "capped at the whole budget")
        larger.settle()
        #expect(larger.bytes == cost * (2 << 20), "settled to what it holds")
        #expect(budget.inUse == cost * (2 << 20))
    }

    @Test func an_answer_past_what_the_budget_lets_one_hold_is_refused() throws {
        let budget = AnswerBudget(limit: 16 << 20)
        let oneAnswer = (16 << 20) / AnswerBudget.costPerByte
        let charge = AnswerCharge(budget: budget, owner: "h1", caps: 64 << 20)
        try charge.hold(oneAnswer, on: 0)
        let refusal = #expect(throws: AnswerCharge.Exceeded.self) { try charge.hold(oneAnswer + 1, on: 0) }
        #expect("\(refusal.map { "\($0)" } ?? "")".contains("(16 MiB, --memory-limit) lets one answer hold \(oneAnswer >> 20) MiB"))
    }

    @Test func a_take_waits_for_the_answer_before_it_then_goes_on() async throws {
        let budget = AnswerBudget(limit: 16 << 20)
        let first = AnswerCharge(budget: budget, owner: "h1", caps: 64 << 20)
        try first.hold(1 << 20, on: 0)
        #expect(budget.inUse > (16 << 20) - AnswerBudget.costPerByte, "the whole budget")
        let second = AnswerCharge(budget: budget, owner: "h2", caps: 1 << 20)
        let done = Flag()
        let thread = Thread {
            try? second.hold(1 << 20, on: 0)
            done.set()
        }
        thread.start()
        try await waitUntil("the second take queues") { budget.waitingTakes == 1 }
        #expect(!done.isSet)
        first.release()
        try await waitUntil("the second take goes on") { done.isSet }
        #expect(budget.inUse == AnswerBudget.costPerByte << 20)
        #expect(second.waited > .zero)
    }

    /// A host holding an answer (apply keeps its observation) that asks again while every other
    /// holder waits too is let through over the limit instead of waiting forever.
    @Test func a_holder_asking_again_when_every_holder_waits_is_let_through() throws {
        let budget = AnswerBudget(limit: 16 << 20)
        let held = AnswerCharge(budget: budget, owner: "h1", caps: 64 << 20)
        try held.hold(1 << 20, on: 0)
        let again = AnswerCharge(budget: budget, owner: "h1", caps: 1 << 20)
        try again.hold(1 << 20, on: 0)
        #expect(budget.inUse > 16 << 20)
        #expect(budget.waitingTakes == 0)
    }

    /// One host waits for the budget another holds; then the holder asks again (apply's next
    /// probe): every holder now waits, so the first in line goes on — woken by the holder's
    /// arrival, not left asleep — and the holder follows once it is given back.
    @Test func the_first_in_line_goes_on_when_the_last_holder_starts_waiting() async throws {
        let budget = AnswerBudget(limit: 16 << 20)
        let held = AnswerCharge(budget: budget, owner: "h1", caps: 64 << 20)
        try held.hold(1 << 20, on: 0)
        held.settle()
        let (waiter, again) = (AnswerCharge(budget: budget, owner: "h2", caps: 64 << 20), AnswerCharge(budget: budget, owner: "h1", caps: 64 << 20))
        let (waiterDone, againDone) = (Flag(), Flag())
        Thread {
            try? waiter.hold(1 << 20, on: 0)
            waiterDone.set()
        }.start()
        try await waitUntil("h2 waits for what h1 holds") { budget.waitingTakes == 1 }
        Thread {
            try? again.hold(1 << 20, on: 0)
            againDone.set()
        }.start()
        try await waitUntil("h2 goes on once h1 waits too") { waiterDone.isSet }
        #expect(!againDone.isSet, "h1 waits for h2, which is not waiting")
        waiter.release()
        try await waitUntil("h1 goes on") { againDone.isSet }
    }

    @Test(.needs(.sshd)) func on_a_real_session_a_second_large_answer_waits_for_the_first_to_be_let_go() async throws {
        try await withServer { server in
            let budget = AnswerBudget(limit: 16 << 20)
            var options = server.options()
            options.answerBudget = budget
            let one = try await server.connect(options)
            // Another host (a host's own sessions share what it holds): the same server as localhost.
            let knownHosts = server.directory.appendingPathComponent("known_hosts_localhost").path
            try String(contentsOfFile: server.knownHostsFile, encoding: .utf8).replacingOccurrences(of: "[127.0.0.1]", with: "[localhost]")
                .write(toFile: knownHosts, atomically: true, encoding: .utf8)
            options.knownHostsFile = knownHosts
            let two = try await SSHSession.connect(to: SSHTarget(host: "localhost", port: server.port, user: server.user), options: options,
                                                   logger: Logger(label: "test"))
            let first = try await one.exec("head -c 2097152 /dev/zero", timeout: .seconds(30), stdoutLimit: .fail(after: 4 << 20))
            #expect(first.stdout.count == 2 << 20)
            #expect(budget.inUse == AnswerBudget.costPerByte * (2 << 20), "2 MiB held, at the cost per byte")
            let second = Task {
                let result = try await two.exec("head -c 3145728 /dev/zero", timeout: .seconds(30), stdoutLimit: .fail(after: 4 << 20))
                #expect(result.charge?.bytes == AnswerBudget.costPerByte * (3 << 20))
                result.charge?.release()
                return result.stdout.count
            }
            try await waitUntil("the second answer waits") { budget.waitingTakes == 1 }
            first.charge?.release()
            #expect(try await second.value == 3 << 20)
            #expect(budget.inUse == 0, "both given back")
            await one.close()
            await two.close()
        }
    }

    @Test(.needs(.sshd)) func on_a_real_session_an_answer_past_the_budget_fails_that_host_only() async throws {
        try await withServer { server in
            var options = server.options()
            options.answerBudget = AnswerBudget(limit: 16 << 20)
            let session = try await server.connect(options)
            let error = await sshError {
                _ = try await session.exec("head -c 6291456 /dev/zero", timeout: .seconds(30), stdoutLimit: .fail(after: 64 << 20))
            }
            #expect(error?.kind == .answerTooLarge)
            #expect(error?.message.contains("--memory-limit") == true, "\(error?.message ?? "")")
            #expect(options.answerBudget?.inUse == 0)
            await session.close()
        }
    }
}

/// Polls `condition` until it holds, failing after 30 s.
private func waitUntil(_ what: String, _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(30)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("\(what): not within 30 s")
            return
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}

private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
