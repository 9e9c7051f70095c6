import ScourCore
import ScourTransport
import Synchronization

/// The bytes of host answers the whole controller may hold at once (`--memory-ceiling`). Each
/// host's answer already has a cap (its `OutputLimit`s); this is the cap of them all together,
/// so however many hosts answer at their caps at the same time, the controller's memory stays
/// bounded. A probe or script reserves its answer's cost (`cost(stdout:stderr:)`) before it is
/// sent and gives it back once the answer was read and parsed; a host that finds the budget
/// spent waits, in the order it came — never busy, never past a cancellation. An answer that
/// could cost more than the whole budget is refused outright rather than waited for forever.
public final class AnswerBudget: Sendable {
    /// The default ceiling: 512 MiB.
    public static let defaultCeiling = 512 << 20

    /// The most bytes reserved at once.
    public let ceiling: Int
    private let state: Mutex<State>

    public init(ceiling: Int = AnswerBudget.defaultCeiling) {
        self.ceiling = max(0, ceiling)
        state = Mutex(State(available: self.ceiling))
    }

    /// What an answer read under these limits may hold: its caps twice — the bytes as they are
    /// read, then the copy handed over (or, as it is parsed, its decoded form).
    public static func cost(stdout: OutputLimit, stderr: OutputLimit) -> Int {
        2 * (stdout.bytes + stderr.bytes)
    }

    /// An answer whose cost alone passes the ceiling: it could never be reserved.
    public struct TooLarge: Error, CustomStringConvertible {
        public var bytes: Int
        public var ceiling: Int
        public var description: String {
            "the answer asked for may take \(ByteSize(bytes: UInt64(bytes))), more than the controller's whole memory ceiling "
                + "(\(ByteSize(bytes: UInt64(ceiling))), --memory-ceiling)"
        }
    }

    /// Runs `body` holding `bytes` of the budget, waiting first until they are free; gives them
    /// back when `body` ends, however it ends. Throws `TooLarge` past the ceiling, and
    /// `CancellationError` when the task is cancelled while it waits.
    public func withReservation<T>(
        of bytes: Int, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async throws -> T {
        try await reserve(bytes)
        defer { release(bytes) }
        return try await body()
    }

    /// Waits until `bytes` are free and takes them.
    func reserve(_ bytes: Int) async throws {
        guard bytes <= ceiling else { throw TooLarge(bytes: bytes, ceiling: ceiling) }
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    // Checked under the lock: a cancellation after this finds the waiter below.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if state.waiters.isEmpty, state.available >= bytes {
                        state.available -= bytes
                        return .success(())
                    }
                    state.waiters.append(Waiter(id: id, bytes: bytes, continuation: continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let (cancelled, granted) = state.withLock { state -> (Waiter?, [Waiter]) in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return (nil, []) }
                let waiter = state.waiters.remove(at: index)
                return (waiter, state.grantWaiting())  // it may have held back smaller ones behind it
            }
            cancelled?.continuation.resume(throwing: CancellationError())
            for waiter in granted { waiter.continuation.resume() }
        }
    }

    /// Gives `bytes` back and lets the waiters they are enough for go, in order.
    func release(_ bytes: Int) {
        let granted = state.withLock { state in
            state.available += bytes
            return state.grantWaiting()
        }
        for waiter in granted { waiter.continuation.resume() }
    }

    /// The bytes not reserved now.
    public var available: Int { state.withLock { $0.available } }

    private struct Waiter {
        let id: Int
        let bytes: Int
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var available: Int
        /// First come, first served: a large answer at the head holds smaller ones behind it
        /// back, or it could wait forever while they keep coming.
        var waiters: [Waiter] = []
        var nextID = 0

        /// Takes the budget for the waiters at the head it is enough for; they are resumed
        /// outside the lock.
        mutating func grantWaiting() -> [Waiter] {
            var granted: [Waiter] = []
            while let first = waiters.first, first.bytes <= available {
                available -= first.bytes
                granted.append(waiters.removeFirst())
            }
            return granted
        }
    }
}
