import Dispatch

/// Calls into a store that block until it answers, made one at a time on a queue of their
/// own, never on the cooperative thread pool.
struct StoreCalls: Sendable {
    private let queue = DispatchQueue(label: "scour-store-calls")

    func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
