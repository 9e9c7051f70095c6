import Foundation

/// Runs `work` — a blocking wait for a child process, a pipe or a timer — on a thread of its own
/// and awaits its result. Swift's cooperative pool has as many threads as cores (two on a CI
/// machine): a task blocked there for seconds stalls every other task of the process.
package func onThreadOfItsOwn<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}

/// `onThreadOfItsOwn` for work that cannot throw.
package func onThreadOfItsOwn<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: work()) }
    }
}
