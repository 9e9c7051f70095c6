import Synchronization
import Testing

/// The fixtures (labs, sshds) the running test started, stopped after it whatever its outcome,
/// last started first, by the test's `.needs` trait. Stopping awaits programs (`scour lab down`
/// takes seconds), which a `deinit` could only do by blocking the pool thread that happened to
/// release the fixture; and a fixture stopped here outlives every use the test makes of it.
package final class FixtureTeardown: Sendable {
    @TaskLocal private static var current: FixtureTeardown?

    /// Whether the running test has a teardown (carries a `.needs` trait).
    package static var isActive: Bool { current != nil }
    private let stops = Mutex<[@Sendable () async -> Void]>([])

    /// The running test's teardown, for a fixture it starts; throws unless the test carries a
    /// `.needs` trait (which also leaves it out of `make quick`).
    static func ofTheRunningTest(starting fixture: String) throws -> FixtureTeardown {
        guard let current else {
            throw FixtureError("a test that starts \(fixture) carries a trait such as .needs(.lab) or .needs(.sshd)")
        }
        return current
    }

    func add(_ stop: @escaping @Sendable () async -> Void) {
        stops.withLock { $0.append(stop) }
    }

    /// Runs a test, then stops what it started.
    package static func around(_ test: () async throws -> Void) async throws {
        let teardown = FixtureTeardown()
        do {
            try await $current.withValue(teardown) { try await test() }
        } catch {
            await teardown.stopAll()
            throw error
        }
        await teardown.stopAll()
    }

    private func stopAll() async {
        for stop in stops.withLock({ $0 }).reversed() { await stop() }
    }
}

/// Runs `stop` after the running test, whatever its outcome, with its fixtures: the `defer` of
/// an async test, which cannot await. The test carries a `.needs` trait.
public func afterTheTest(_ stop: @escaping @Sendable () async -> Void) throws {
    try FixtureTeardown.ofTheRunningTest(starting: "something to stop afterwards").add(stop)
}
