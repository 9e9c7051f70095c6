import Foundation

/// A run that several controllers work at once (ScourStore's PostgreSQL store): each joins as
/// a controller under a lease it renews, claims hosts of the open wave, and records each host's
/// end; the store decides, in the transaction that records a wave's last host, what follows it
/// (`WaveGate`), for every controller at once.
public protocol SharedRun: StoredRun {
    /// Joins the run as a controller holding its claims under a lease of `lease`, renewed by
    /// `RunClaims.renew` — or, for a run that ended, reopens it first when `reopening` (resume:
    /// hosts not cleaned go back to be claimed, from the first wave that has any); `onChange` is
    /// called whenever another controller changes the run (a wave opens or ends, a host is
    /// let go), so a waiting controller looks again at once. Refused while the run is held
    /// whole (`restore`, `runs export`).
    func join(as controller: ControllerIdentity, lease: Duration, reopening: Bool, onChange: @escaping @Sendable () -> Void) throws -> any RunClaims
    /// Every controller that joined the run, in the order they joined.
    func controllers() throws -> [RunController]
}

/// A controller of a shared run as the store knows it, for `status` and `report`.
public struct RunController: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable {
        /// Its lease is live.
        case working
        /// It left (its run ended, or it was stopped).
        case left
        /// It stopped renewing without leaving (killed, cut off): its hosts are anyone's.
        case leaseRanOut = "lease_ran_out"
    }

    public var pid: Int32
    public var machine: String
    public var state: State
    public var joinedAt: Date
    /// Until when its hosts are its own, unless it renews.
    public var leaseUntil: Date
    /// The hosts it holds now.
    public var hostsHeld: Int

    public init(pid: Int32, machine: String, state: State, joinedAt: Date, leaseUntil: Date, hostsHeld: Int) {
        self.pid = pid
        self.machine = machine
        self.state = state
        self.joinedAt = joinedAt
        self.leaseUntil = leaseUntil
        self.hostsHeld = hostsHeld
    }

    enum CodingKeys: String, CodingKey {
        case pid, machine, state, joinedAt = "joined_at", leaseUntil = "lease_until", hostsHeld = "hosts_held"
    }
}

/// Who a controller is, for the operator (`status`, the journal).
public struct ControllerIdentity: Sendable, Equatable {
    public var pid: Int32
    /// The machine it runs on (its host name).
    public var machine: String

    public init(pid: Int32 = getpid(), machine: String = ProcessInfo.processInfo.hostName) {
        self.pid = pid
        self.machine = machine
    }
}

/// A controller's part in a shared run. Calls block until the store answers: make them off
/// the cooperative pool.
public protocol RunClaims: Sendable {
    /// Up to `count` hosts of the open wave among `wanted` that no live controller holds: never
    /// claimed, let go, or held by a controller whose lease ran out (taken over: `wasClaimed`).
    func claim(upTo count: Int, among wanted: Set<String>) throws -> ClaimAnswer
    /// Records `outcome` for a host this controller holds: an interrupted or never-started host
    /// is let go (another controller, or a resume, takes it), any other is done. When that was
    /// the wave's last host, the wave's result is recorded and what follows decided.
    func finish(_ outcome: HostOutcome) throws
    /// Renews the lease; false when it had already run out (its hosts may be another's now:
    /// nothing more may be done on them).
    func renew() throws -> Bool
    /// Where this controller's journal entries go: refused once its lease ran out.
    func journalSink() -> any JournalSink
    /// True when other controllers hold live leases on the run.
    func othersAreWorking() throws -> Bool
    /// Leaves the run: hosts still held are let go; the lease ends.
    func leave()
}

/// What `RunClaims.claim` found.
public struct ClaimAnswer: Sendable, Equatable {
    /// The hosts now this controller's.
    public var hosts: [ClaimedHost]
    /// The wave open now (0 while the next one waits for its pause).
    public var openWave: Int
    /// How the run ended, once it has: nothing more will be claimed.
    public var ending: RunEnding?
    /// Every wave's latest result, in wave order.
    public var waveResults: [RolloutRunner.WaveResult]

    public init(hosts: [ClaimedHost], openWave: Int, ending: RunEnding?, waveResults: [RolloutRunner.WaveResult]) {
        self.hosts = hosts
        self.openWave = openWave
        self.ending = ending
        self.waveResults = waveResults
    }
}

public struct ClaimedHost: Sendable, Equatable {
    public var name: String
    public var wave: Int
    /// Some controller held it before (it died, or the run is resumed): its journal decides
    /// where to go on, as `resume` does.
    public var wasClaimed: Bool

    public init(name: String, wave: Int, wasClaimed: Bool) {
        self.name = name
        self.wave = wave
        self.wasClaimed = wasClaimed
    }
}
