import ScourHost

/// What `scour plan` found on one host and what `apply` would do there (docs/plan-format.md).
public struct HostPlan: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        /// Probed; `steps` say what would happen.
        case planned
        /// No session could be opened (after the retries).
        case unreachable
        /// Connected, but the probe failed or its answer was garbled: nothing is guessed.
        case failed
    }

    public var name: String
    public var address: String
    /// 1-based wave of the rollout the host falls into.
    public var wave: Int?
    public var status: Status
    public var error: String?
    public var errorKind: String?
    public var connectAttempts: Int?
    public var facts: HostFacts?
    /// SHA-256 of the canonical JSON of `observation`: `apply` compares it to detect drift.
    public var observationSHA256: String?
    public var observation: HostObservation?
    public var detections: [Detection] = []
    public var steps: [StepPlan] = []

    public init(name: String, address: String, status: Status) {
        self.name = name
        self.address = address
        self.status = status
    }

    /// Whether any step would change the host.
    public var changesSomething: Bool { steps.contains { $0.action == .change } }

    enum CodingKeys: String, CodingKey {
        case name, address, wave, status, error, facts, observation, detections, steps
        case errorKind = "error_kind", connectAttempts = "connect_attempts", observationSHA256 = "observation_sha256"
    }
}

/// A detect block on one host: matched or not, and by which indicators.
public struct Detection: Sendable, Codable, Equatable {
    public var name: String
    public var matched: Bool
    public var indicators: [IndicatorResult]
}

public struct IndicatorResult: Sendable, Codable, Equatable {
    /// The indicator in words: `file /opt/explorer.exe`.
    public var indicator: String
    public var matched: Bool
    /// What matched on the host, where the indicator can say (`content`: each file with its
    /// first matching line). Host text: escape it (`HostText`) to show it.
    public var evidence: [LineMatch]?
    /// What was left unexamined: `searched the first 200 of 350 files`.
    public var note: String?
}

/// The plan spells a line match's fields as it spells its own (`text_is_cut`), while the
/// observation beside it keeps the probe's spelling (`textIsCut`): both are plan.json's format.
extension IndicatorResult {
    private enum CodingKeys: String, CodingKey { case indicator, matched, evidence, note }
    private enum EvidenceKeys: String, CodingKey {
        case path, line, text
        case textIsCut = "text_is_cut"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(indicator: try container.decode(String.self, forKey: .indicator), matched: try container.decode(Bool.self, forKey: .matched),
                  note: try container.decodeIfPresent(String.self, forKey: .note))
        guard container.contains(.evidence), try !container.decodeNil(forKey: .evidence) else { return }
        var list = try container.nestedUnkeyedContainer(forKey: .evidence)
        var evidence: [LineMatch] = []
        while !list.isAtEnd {
            let match = try list.nestedContainer(keyedBy: EvidenceKeys.self)
            evidence.append(LineMatch(path: try match.decode(String.self, forKey: .path), line: try match.decode(Int.self, forKey: .line),
                                      text: try match.decode(String.self, forKey: .text), textIsCut: try match.decode(Bool.self, forKey: .textIsCut)))
        }
        self.evidence = evidence
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(indicator, forKey: .indicator)
        try container.encode(matched, forKey: .matched)
        try container.encodeIfPresent(note, forKey: .note)
        guard let evidence else { return }
        var list = container.nestedUnkeyedContainer(forKey: .evidence)
        for match in evidence {
            var fields = list.nestedContainer(keyedBy: EvidenceKeys.self)
            try fields.encode(match.path, forKey: .path)
            try fields.encode(match.line, forKey: .line)
            try fields.encode(match.text, forKey: .text)
            try fields.encode(match.textIsCut, forKey: .textIsCut)
        }
    }
}

/// One step on one host.
public struct StepPlan: Sendable, Codable, Equatable {
    public enum Action: String, Sendable, Codable {
        /// `when` is false.
        case skip
        /// Already in the desired state: nothing to do.
        case ok
        /// Would change the host: see `changes`.
        case change
        /// Cannot be carried out as things stand (a folder where a file is expected, a config
        /// too large to edit): `apply` would fail this host here.
        case blocked
    }

    public var name: String
    public var kind: String
    public var action: Action
    /// Why this action, in words.
    public var reason: String
    public var changes: [PlannedChange] = []
    /// What the host model cannot settle after this step (a command's or a reboot's effect),
    /// and what later steps assume instead (docs/plan-format.md, "Steps see each other").
    public var note: String?
}

/// One precise change. A flat record (kind + the fields that kind uses) so the JSON stays
/// easy to read and to consume from other tools.
public struct PlannedChange: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case quarantine, delete
        case editConfig = "edit_config"
        case reboot, upload, install
        case stopService = "stop_service"
        case disableService = "disable_service"
        case runCommand = "run_command"
        case killProcess = "kill_process"
    }

    public var kind: Kind
    public var path: String?
    public var size: UInt64?
    public var sha256: String?
    public var mode: String?
    public var owner: String?
    /// `edit_config`: the unified diff.
    public var diff: String?
    /// `install`, `run_command`: the exact command.
    public var command: String?
    public var service: String?
    /// `kill_process`: the process (`path`, `size`, `sha256` are its executable's, `owner` its
    /// user, `command` its command line).
    public var pid: Int32?
    /// The change in words, for people.
    public var summary: String

    public init(kind: Kind, summary: String, path: String? = nil, size: UInt64? = nil, sha256: String? = nil,
                mode: String? = nil, owner: String? = nil, diff: String? = nil, command: String? = nil, service: String? = nil,
                pid: Int32? = nil) {
        self.kind = kind
        self.summary = summary
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.mode = mode
        self.owner = owner
        self.diff = diff
        self.command = command
        self.service = service
        self.pid = pid
    }
}
