import ScourEngine
import ScourTransport
import Synchronization
import Testing

/// The controller's budget of answer bytes (`AnswerBudget`): who waits, who goes, in what order,
/// and that nothing is lost to a cancellation or an answer that could never fit.
@Suite struct AnswerBudgetTests {
    /// The order in which reservations started their work.
    final class Order: Sendable {
        let names = Mutex<[String]>([])
        func add(_ name: String) { names.withLock { $0.append(name) } }
        var all: [String] { names.withLock { $0 } }
    }

    /// Holds `bytes` of `budget` until `release` is signalled; `order` sees when it got them.
    private func hold(_ bytes: Int, of budget: AnswerBudget, as name: String, order: Order, until release: AsyncStream<Void>) -> Task<Void, any Error> {
        Task {
            try await budget.withReservation(of: bytes) {
                order.add(name)
                for await _ in release { break }
            }
        }
    }

    @Test func a_reservation_that_does_not_fit_waits_for_a_release_and_everything_comes_back() async throws {
        let budget = AnswerBudget(ceiling: 100)
        let order = Order()
        let (firstDone, finishFirst) = AsyncStream<Void>.makeStream()
        let (secondDone, finishSecond) = AsyncStream<Void>.makeStream()
        let first = hold(60, of: budget, as: "first", order: order, until: firstDone)
        while order.all.isEmpty { await Task.yield() }
        let second = hold(60, of: budget, as: "second", order: order, until: secondDone)
        try await Task.sleep(for: .milliseconds(100))
        #expect(order.all == ["first"], "60 + 60 bytes do not fit in 100")
        #expect(budget.available == 40)

        finishFirst.yield()
        try await first.value
        while order.all.count < 2 { await Task.yield() }
        #expect(order.all == ["first", "second"])
        finishSecond.yield()
        try await second.value
        #expect(budget.available == 100)
    }

    @Test func waiters_go_in_the_order_they_came_so_a_large_answer_is_not_passed_forever() async throws {
        let budget = AnswerBudget(ceiling: 100)
        let order = Order()
        let (heldDone, finishHeld) = AsyncStream<Void>.makeStream()
        let held = hold(80, of: budget, as: "held", order: order, until: heldDone)
        while order.all.isEmpty { await Task.yield() }
        let large = Task { try await budget.withReservation(of: 50) { order.add("large") } }
        try await Task.sleep(for: .milliseconds(50))
        let small = Task { try await budget.withReservation(of: 10) { order.add("small") } }
        try await Task.sleep(for: .milliseconds(100))
        #expect(order.all == ["held"], "10 bytes are free but the 50 asked first")

        finishHeld.yield()
        try await held.value
        try await large.value
        try await small.value
        #expect(order.all == ["held", "large", "small"])
        #expect(budget.available == 100)
    }

    @Test func an_answer_larger_than_the_whole_budget_fails_at_once_instead_of_waiting_forever() async throws {
        let budget = AnswerBudget(ceiling: 1 << 20)
        let error = await #expect(throws: AnswerBudget.TooLarge.self) {
            try await budget.withReservation(of: 2 << 20) { Issue.record("ran past the ceiling") }
        }
        #expect(error?.description == "the answer asked for may take 2MiB, more than the controller's whole memory ceiling (1MiB, --memory-ceiling)")
        #expect(budget.available == 1 << 20)
    }

    @Test func a_cancelled_waiter_gives_up_its_place_and_takes_nothing() async throws {
        let budget = AnswerBudget(ceiling: 100)
        let order = Order()
        let (heldDone, finishHeld) = AsyncStream<Void>.makeStream()
        let held = hold(90, of: budget, as: "held", order: order, until: heldDone)
        while order.all.isEmpty { await Task.yield() }
        let cancelled = Task { try await budget.withReservation(of: 50) { order.add("cancelled") } }
        try await Task.sleep(for: .milliseconds(50))
        let behind = Task { try await budget.withReservation(of: 10) { order.add("behind") } }
        try await Task.sleep(for: .milliseconds(50))
        #expect(order.all == ["held"])

        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        try await behind.value  // the place it held back is free: 10 of the 10 left
        #expect(order.all == ["held", "behind"])
        finishHeld.yield()
        try await held.value
        #expect(budget.available == 100)
    }

    @Test func a_task_cancelled_before_it_asks_never_runs() async throws {
        let budget = AnswerBudget(ceiling: 100)
        let (gate, open) = AsyncStream<Void>.makeStream()
        let task = Task {
            for await _ in gate { break }
            try await budget.withReservation(of: 10) { Issue.record("ran although cancelled") }
        }
        task.cancel()
        open.yield()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(budget.available == 100)
    }

    @Test func an_answer_costs_twice_its_caps() {
        #expect(AnswerBudget.cost(stdout: .fail(after: 1000), stderr: .tail(24)) == 2048)
    }
}
