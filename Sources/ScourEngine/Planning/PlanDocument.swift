import Foundation
import ScourCore

/// The plan as a versioned document (`-o plan.json`, `--format json`; docs/plan-format.md).
/// It records what the plan was made from — the playbook's and inventory's hashes, the params,
/// the rollout — and each host's observed state, so `apply plan.json` can refuse stale inputs
/// and skip hosts that drifted.
public struct PlanDocument: Sendable, Codable {
    public static let currentFormatVersion = 1

    public struct Source: Sendable, Codable, Equatable {
        public var path: String
        public var sha256: String
    }

    public struct RolloutRecord: Sendable, Codable, Equatable {
        public var waves: [String]
        public var maxFailures: String
        public var concurrency: Int
        public var pause: String
        public var retries: Int
        public var backoff: String
        public var stepTimeout: String

        enum CodingKeys: String, CodingKey {
            case waves, concurrency, pause, retries, backoff
            case maxFailures = "max_failures", stepTimeout = "step_timeout"
        }
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var hosts: Int
        public var planned: Int
        public var unreachable: Int
        public var failed: Int
        /// Planned hosts where at least one step would change something.
        public var changing: Int
        /// Change kind → how many.
        public var changes: [String: Int]
        /// Planned hosts with a blocked step: `apply` would fail them there.
        public var blocked: Int
        /// Planned hosts with anything unknown (a detect block or a step resting on what the
        /// probe could not see): never clean.
        public var unknown: Int

        /// What the plan says of the fleet, worst first: `scour plan`'s exit status.
        public enum Verdict: Sendable, Equatable {
            /// Some host was unreachable or its probe failed.
            case hostsNotProbed
            /// Some host has something unknown.
            case unknown
            /// Some host has a blocked step.
            case blocked
            /// Every host planned exactly: changes pending or not.
            case planned
        }

        public var verdict: Verdict {
            if unreachable + failed > 0 { return .hostsNotProbed }
            if unknown > 0 { return .unknown }
            if blocked > 0 { return .blocked }
            return .planned
        }

        public init(hosts: [HostPlan]) {
            var changes: [String: Int] = [:]
            for host in hosts { for step in host.steps { for change in step.changes { changes[change.kind.rawValue, default: 0] += 1 } } }
            self.hosts = hosts.count
            planned = hosts.filter { $0.status == .planned }.count
            unreachable = hosts.filter { $0.status == .unreachable }.count
            failed = hosts.filter { $0.status == .failed }.count
            changing = hosts.filter(\.changesSomething).count
            self.changes = changes
            blocked = hosts.filter(\.isBlocked).count
            unknown = hosts.filter(\.hasUnknown).count
        }

        /// `blocked` and `unknown` may be missing: a plan written before they existed still applies.
        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            hosts = try container.decode(Int.self, forKey: .hosts)
            planned = try container.decode(Int.self, forKey: .planned)
            unreachable = try container.decode(Int.self, forKey: .unreachable)
            failed = try container.decode(Int.self, forKey: .failed)
            changing = try container.decode(Int.self, forKey: .changing)
            changes = try container.decode([String: Int].self, forKey: .changes)
            blocked = try container.decodeIfPresent(Int.self, forKey: .blocked) ?? 0
            unknown = try container.decodeIfPresent(Int.self, forKey: .unknown) ?? 0
        }
    }

    public var formatVersion = currentFormatVersion
    public var createdAt: Date
    public var scourVersion: String
    public var playbookName: String
    public var playbook: Source
    public var inventory: Source
    public var limit: String?
    /// Values as text, as `--param` takes them.
    public var params: [String: String]
    public var rollout: RolloutRecord
    /// Host names per wave, in order.
    public var waves: [[String]]
    public var hosts: [HostPlan]
    public var summary: Summary
    /// Host name → who looked (`HostIdentity`): `apply` refuses to act as anyone else. Nil in
    /// a plan that does not record it, which `apply` refuses.
    public var identities: [String: HostIdentity]?

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", createdAt = "created_at", scourVersion = "scour_version"
        case playbookName = "playbook_name", playbook, inventory, limit, params, rollout, waves, hosts, summary, identities
    }

    public init(playbook: Playbook, playbookSource: Source, inventory: Source, limit: String?, params: [String: Value],
                rollout: Rollout, hosts: [HostPlan], identities: [String: HostIdentity]? = nil, scourVersion: String, createdAt: Date = Date()) {
        self.createdAt = createdAt
        self.scourVersion = scourVersion
        playbookName = playbook.name
        self.playbook = playbookSource
        self.inventory = inventory
        self.limit = limit
        self.params = params.mapValues(\.text)
        self.rollout = RolloutRecord(rollout)
        let waveCount = hosts.compactMap(\.wave).max() ?? 0
        waves = (0..<waveCount).map { index in hosts.filter { $0.wave == index + 1 }.map(\.name) }
        self.hosts = hosts
        self.identities = identities
        summary = Summary(hosts: hosts)
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    public static func decode(_ data: Data) throws -> PlanDocument {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(PlanDocument.self, from: data)
    }
}

extension PlanDocument.Source {
    /// A file as read: its absolute path and the SHA-256 of the bytes read.
    public init(_ file: InputFile) {
        self.init(path: URL(fileURLWithPath: file.path).standardizedFileURL.path, sha256: file.sha256)
    }
}
