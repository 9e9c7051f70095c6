import Foundation

/// The memory all hosts' answers may take in the controller at once (`--memory-limit`). Each
/// host's answers have caps of their own (`OutputLimit`); this one bounds their sum, so many
/// hosts answering at their caps together cannot exhaust the controller.
///
/// An answer's first `freeBytes` a stream are not counted: most answers never pass them and
/// never wait. One that does takes at once what it may grow to (`AnswerCharge`): `costPerByte`
/// times its streams' caps, at most the whole budget, released when the caller lets go of the
/// answer (it stands for the observation parsed from it as well). Taking waits, first come
/// first served, and the host's bytes wait meanwhile in SSH's flow control. Taking it all at
/// once means nobody holds part of the budget while waiting for more, so waits always end —
/// but for a host that asks again while still holding an earlier answer (`apply` keeps the
/// host's observation through its steps): when every holder is such a waiter, the first in
/// line is let through over the limit, by at most its own answer.
public final class AnswerBudget: @unchecked Sendable {
    /// The most bytes charged at once.
    public let limit: Int
    /// What the controller holds per byte a host sent: the answer's text, the bytes decoded
    /// from it, and what deciding on them builds (lines, the edited copy, its diff).
    public static let costPerByte = 5
    /// The bytes of a stream an answer holds before it is charged.
    public static let freeBytes = 256 << 10
    /// The default limit: 512 MiB.
    public static let defaultLimit = 512 << 20

    private let condition = NSCondition()
    private var charged = 0
    /// Bytes charged per owner (a host), and how many of each owner's takes are waiting.
    private var held: [String: Int] = [:]
    private var waiting: [String: Int] = [:]
    /// Waiting takes in arrival order.
    private var queue: [UInt64] = []
    private var nextTicket: UInt64 = 0

    public init(limit: Int = AnswerBudget.defaultLimit) {
        self.limit = max(limit, Self.freeBytes)
    }

    /// Bytes charged now.
    public var inUse: Int { condition.withLock { charged } }
    /// Takes waiting now.
    package var waitingTakes: Int { condition.withLock { queue.count } }

    /// Charges `bytes` (at most `limit`) to `owner`, blocking the calling thread until they fit;
    /// how long it waited.
    func take(_ bytes: Int, for owner: String) -> Duration {
        let start = ContinuousClock.now
        condition.lock()
        defer { condition.unlock() }
        let ticket = nextTicket
        nextTicket += 1
        queue.append(ticket)
        waiting[owner, default: 0] += 1
        // A new waiter may be the last holder to wait: the one first in line may now go.
        condition.broadcast()
        while queue.first != ticket || (charged + bytes > limit && !everyHolderWaits) {
            condition.wait()
        }
        queue.removeFirst()
        waiting[owner]! -= 1
        if waiting[owner] == 0 { waiting[owner] = nil }
        charged += bytes
        held[owner, default: 0] += bytes
        condition.broadcast()
        return ContinuousClock.now - start
    }

    /// Gives `bytes` charged to `owner` back.
    func give(_ bytes: Int, from owner: String) {
        guard bytes > 0 else { return }
        condition.withLock {
            charged -= bytes
            held[owner]! -= bytes
            if held[owner] == 0 { held[owner] = nil }
            condition.broadcast()
        }
    }

    /// True when nothing charged can be given back before a waiter is let through: every
    /// owner holding bytes is itself waiting (and something is held at all).
    private var everyHolderWaits: Bool {
        !held.isEmpty && held.keys.allSatisfy { waiting[$0] != nil }
    }
}

/// What one answer (a command's output streams) is charged to an `AnswerBudget`. Created per
/// command by the transport; handed to the caller with the result (`ExecResult.charge`), and
/// given back when the caller lets go of it (or of the result).
public final class AnswerCharge: @unchecked Sendable {
    private let budget: AnswerBudget
    private let owner: String
    /// The caps of the answer's streams: what it may grow to.
    private let caps: Int
    private let lock = NSLock()
    private var charged = 0
    private var heldBytes: [Int32: Int] = [:]
    /// How long taking waited in all: not the host's time, so not counted against its timeout.
    public private(set) var waited: Duration = .zero

    /// Why an answer is stopped: it passed what the whole budget lets one answer hold.
    public struct Exceeded: Error, CustomStringConvertible {
        public var limit: Int
        public var description: String {
            "the controller's memory limit (\(ByteCount.text(limit)), --memory-limit) lets one answer hold \((limit / AnswerBudget.costPerByte) >> 20) MiB"
        }
    }

    public init(budget: AnswerBudget, owner: String, caps: Int) {
        self.budget = budget
        self.owner = owner
        self.caps = caps
    }

    /// Bytes charged for this answer now.
    public var bytes: Int { lock.withLock { charged } }

    /// Accounts for `bytes` held now on `stream`. The first time a stream passes
    /// `AnswerBudget.freeBytes`, the answer's whole share is taken (waiting for it); past what
    /// that share covers, it throws `Exceeded`.
    public func hold(_ bytes: Int, on stream: Int32) throws(Exceeded) {
        heldBytes[stream] = bytes
        guard bytes > AnswerBudget.freeBytes else { return }
        if charged == 0 {
            let share = min(caps, budget.limit / AnswerBudget.costPerByte) * AnswerBudget.costPerByte
            waited += budget.take(share, for: owner)
            lock.withLock { charged = share }
        }
        if heldBytes.values.reduce(0, +) * AnswerBudget.costPerByte > charged { throw Exceeded(limit: budget.limit) }
    }

    /// The answer is whole: keeps only what it holds (times the cost per byte), giving the
    /// rest of its share back.
    public func settle() {
        let needed = heldBytes.values.reduce(0, +) * AnswerBudget.costPerByte
        let excess = lock.withLock {
            let excess = charged > 0 ? max(0, charged - needed) : 0
            charged -= excess
            return excess
        }
        budget.give(excess, from: owner)
    }

    /// Gives everything back (also done when the charge is let go of).
    public func release() {
        let all = lock.withLock {
            defer { charged = 0 }
            return charged
        }
        budget.give(all, from: owner)
    }

    deinit { release() }
}
