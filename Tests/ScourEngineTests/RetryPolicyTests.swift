import Testing
@testable import ScourEngine

@Suite struct RetryPolicyTests {
    struct Transient: Error {}
    struct Permanent: Error {}

    @Test func delays_double_from_base_up_to_the_cap_with_half_of_each_fixed() {
        let policy = RetryPolicy(retries: 10, base: .milliseconds(100), cap: .seconds(1))
        var generator = SystemRandomNumberGenerator()
        for (attempt, ceiling) in zip(1...6, [100, 200, 400, 800, 1000, 1000]) {
            for _ in 0..<50 {
                let delay = policy.delay(beforeRetry: attempt, using: &generator)
                #expect(delay >= .milliseconds(ceiling / 2) && delay <= .milliseconds(ceiling), "retry \(attempt): \(delay)")
            }
        }
    }

    @Test func jitter_stays_between_half_and_the_whole_ceiling_and_spreads() {
        let policy = RetryPolicy(retries: 5, base: .milliseconds(400))
        var generator = SystemRandomNumberGenerator()
        let delays = (0..<200).map { _ in policy.delay(beforeRetry: 3, using: &generator) }
        #expect(delays.allSatisfy { $0 >= .milliseconds(800) && $0 <= .milliseconds(1600) })
        #expect(Set(delays).count > 50, "a fleet that failed together does not retry together")
    }

    @Test func huge_attempt_numbers_do_not_overflow() {
        let policy = RetryPolicy(retries: 1000, base: .seconds(1), cap: .seconds(30))
        var generator = SystemRandomNumberGenerator()
        #expect(policy.delay(beforeRetry: 900, using: &generator) <= .seconds(30))
    }

    @Test func retries_transient_failures_then_succeeds() async throws {
        let policy = RetryPolicy(retries: 3, base: .milliseconds(10))
        var calls = 0
        var slept: [Duration] = []
        let value = try await policy.run({
            calls += 1
            if calls < 3 { throw Transient() }
            return "up"
        }, isTransient: { $0 is Transient }, sleep: { slept.append($0) })
        #expect(value == "up" && calls == 3 && slept.count == 2)
    }

    @Test func gives_up_after_the_retries_with_the_last_error() async {
        let policy = RetryPolicy(retries: 2, base: .milliseconds(1))
        var calls = 0
        await #expect(throws: Transient.self) {
            try await policy.run({ calls += 1; throw Transient() }, isTransient: { _ in true }, sleep: { _ in })
        }
        #expect(calls == 3)
    }

    @Test func never_retries_a_permanent_failure() async {
        let policy = RetryPolicy(retries: 5, base: .milliseconds(1))
        var calls = 0
        await #expect(throws: Permanent.self) {
            try await policy.run({ calls += 1; throw Permanent() }, isTransient: { $0 is Transient }, sleep: { _ in })
        }
        #expect(calls == 1)
    }

    @Test func negative_retries_mean_one_attempt() {
        #expect(RetryPolicy(retries: -3, base: .seconds(1)).retries == 0)
    }
}
