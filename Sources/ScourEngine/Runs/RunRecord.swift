import Foundation
import ScourCore

/// `runs/RUN/run.json`: what a run was started from, so `resume`, `status`, `restore` and
/// `report` can work from the run id alone. Written once, before the first host is touched.
/// Holds no secret: passwords stay in the inventory.
public struct RunRecord: Sendable, Codable, Equatable {
    public static let currentFormatVersion = 1

    /// How hosts were reached (the connection flags that were given).
    public struct Connection: Sendable, Codable, Equatable {
        public var knownHostsFile: String
        public var acceptNewHostKeys: Bool
        public var identityFile: String?
        public var user: String?
        public var connectTimeout: String
        /// False when `--known-hosts` was not given: `knownHostsFile` is then only the default,
        /// and the ssh_config's `UserKnownHostsFile` applies first (nil in older runs: given).
        public var knownHostsGiven: Bool?
        /// False when `--connect-timeout` was not given (the ssh_config's `ConnectTimeout` first).
        public var connectTimeoutGiven: Bool?
        /// `--jump`, as given.
        public var jumps: String?
        /// The ssh_config file read (absolute), nil for none.
        public var sshConfig: String?

        public init(knownHostsFile: String, acceptNewHostKeys: Bool, identityFile: String?, user: String?, connectTimeout: Duration) {
            self.knownHostsFile = knownHostsFile
            self.acceptNewHostKeys = acceptNewHostKeys
            self.identityFile = identityFile
            self.user = user
            self.connectTimeout = connectTimeout.scourLiteral
        }

        enum CodingKeys: String, CodingKey {
            case knownHostsFile = "known_hosts", acceptNewHostKeys = "accept_new_host_keys", identityFile = "identity"
            case user, connectTimeout = "connect_timeout", knownHostsGiven = "known_hosts_given"
            case connectTimeoutGiven = "connect_timeout_given", jumps = "jump", sshConfig = "ssh_config"
        }
    }

    /// A step of the playbook, in order.
    public struct StepRecord: Sendable, Codable, Equatable {
        public var name: String
        public var kind: String
    }

    public var formatVersion = currentFormatVersion
    public var runID: String
    public var createdAt: Date
    public var scourVersion: String
    public var playbookName: String
    /// The files as given (absolute paths) with their SHA-256 when the run started; copies sit
    /// beside run.json.
    public var playbook: PlanDocument.Source
    public var inventory: PlanDocument.Source
    /// The plan the run executes (`apply plan.json`), if any.
    public var plan: PlanDocument.Source?
    /// With a plan: `--replan` was given, so drifted hosts are worked on (nil: not given).
    public var replan: Bool?
    /// `--become` was given: hosts whose inventory does not say run through sudo (nil: not given).
    public var become: Bool?
    /// `--drift-is-not-failure` was given: drifted hosts do not count toward `max_failures`
    /// (nil: not given; they count).
    public var driftIsNotFailure: Bool?
    public var limit: String?
    /// Resolved param values, as text.
    public var params: [String: String]
    public var steps: [StepRecord]
    public var rollout: PlanDocument.RolloutRecord
    /// Host names per wave, fixed when the run started.
    public var waves: [[String]]
    public var connection: Connection

    public init(runID: String, createdAt: Date = Date(), scourVersion: String, playbook: Playbook,
                playbookSource: PlanDocument.Source, inventory: PlanDocument.Source, plan: PlanDocument.Source? = nil,
                replan: Bool = false, become: Bool = false, driftIsNotFailure: Bool = false, limit: String?, params: [String: Value], rollout: Rollout, waves: [[String]],
                connection: Connection) {
        self.runID = runID
        self.createdAt = createdAt
        self.scourVersion = scourVersion
        playbookName = playbook.name
        self.playbook = playbookSource
        self.inventory = inventory
        self.plan = plan
        self.replan = plan != nil && replan ? true : nil
        self.become = become ? true : nil
        self.driftIsNotFailure = driftIsNotFailure ? true : nil
        steps = playbook.steps.map { StepRecord(name: $0.name, kind: $0.kind) }
        self.limit = limit
        self.params = params.mapValues(\.text)
        self.rollout = PlanDocument.RolloutRecord(rollout)
        self.waves = waves
        self.connection = connection
    }

    public var hostNames: [String] { waves.flatMap { $0 } }

    /// `run.json` as every store keeps it: indented, keys sorted, dates in ISO 8601.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// A record read back; `location` names it in the error.
    public static func decode(_ data: Data, from location: String) throws -> RunRecord {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do { return try decoder.decode(RunRecord.self, from: data) } catch { throw RunError("\(location) cannot be read: \(error)") }
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", runID = "run_id", createdAt = "created_at", scourVersion = "scour_version"
        case playbookName = "playbook_name", playbook, inventory, plan, replan, become, limit, params, steps
        case driftIsNotFailure = "drift_is_not_failure", rollout, waves, connection
    }
}

extension PlanDocument.RolloutRecord {
    public init(_ rollout: Rollout) {
        self.init(
            waves: rollout.waves.map(\.description), maxFailures: rollout.maxFailures.description,
            concurrency: rollout.concurrency,
            pause: { if case .duration(let d) = rollout.pause { d.scourLiteral } else { "manual" } }(),
            retries: rollout.retries, backoff: rollout.backoff.scourLiteral, stepTimeout: rollout.stepTimeout.scourLiteral)
    }

    /// The rollout this record was written from; nil if a field does not read back.
    public var rollout: Rollout? {
        var rollout = Rollout()
        let shares = waves.map(Share.init(parsing:))
        guard shares.allSatisfy({ $0 != nil }), let maxFailures = Share(parsing: self.maxFailures),
              let backoff = Duration(scourLiteral: backoff), let stepTimeout = Duration(scourLiteral: stepTimeout)
        else { return nil }
        rollout.waves = shares.map { $0! }
        rollout.maxFailures = maxFailures
        rollout.concurrency = concurrency
        rollout.retries = retries
        rollout.backoff = backoff
        rollout.stepTimeout = stepTimeout
        if pause == "manual" { rollout.pause = .manual }
        else if let duration = Duration(scourLiteral: pause) { rollout.pause = .duration(duration) }
        else { return nil }
        return rollout
    }
}
