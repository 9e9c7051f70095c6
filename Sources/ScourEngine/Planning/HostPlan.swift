import ScourCore
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
    /// SHA-256 of the canonical JSON of `observation` (files' bytes counted by their hash): one
    /// value to tell two plans of a host apart.
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

    /// Whether a step cannot be carried out as things stand: `apply` would fail the host there.
    public var isBlocked: Bool { steps.contains { $0.action == .blocked } }

    /// Whether a detect block or a step rests on something the probe could not see: the host is
    /// not clean, and `apply` leaves it alone.
    public var hasUnknown: Bool { detections.contains(where: \.unknown) || steps.contains { $0.action == .unknown } }

    /// Planned, and nothing to change, blocked or unknown.
    public var isClean: Bool { status == .planned && !changesSomething && !isBlocked && !hasUnknown }

    /// What the probe could not see that the host's plan rests on: the indicators of each
    /// unknown detect block, and each unknown step.
    public var unseenItems: [UnseenItem] {
        let indicators = detections.filter(\.unknown).flatMap { detection in
            detection.indicators.compactMap { indicator in
                indicator.unseen.map { UnseenItem(what: "detect \(detection.name): \(indicator.indicator)", unseen: $0) }
            }
        }
        // A step whose `when` reads an unknown detect block has no `unseen` of its own: its
        // block's indicators are listed.
        let steps = steps.compactMap { step in
            step.action == .unknown ? step.unseen.map { UnseenItem(what: "step \(step.name) (\(step.kind))", unseen: $0) } : nil
        }
        return indicators + steps
    }

    enum CodingKeys: String, CodingKey {
        case name, address, wave, status, error, facts, observation, detections, steps
        case errorKind = "error_kind", connectAttempts = "connect_attempts", observationSHA256 = "observation_sha256"
    }
}

/// Something the plan of a host rests on that the probe could not see, and why.
public struct UnseenItem: Sendable, Equatable {
    /// `detect codered_ii: the file /root/.ssh/x exists`, `step keys (remove_lines)`. Host text
    /// may be in it: escape it (`HostText`) to show it.
    public var what: String
    public var unseen: [Unseen]

    /// Whether logging in as root (or with become) would let the probe see it.
    public var needsPrivilege: Bool { unseen.contains(where: \.needsPrivilege) }
}

/// A detect block on one host: matched, no match, or unknown, and by which indicators.
public struct Detection: Sendable, Codable, Equatable {
    public var name: String
    /// False when `unknown`.
    public var matched: Bool
    public var indicators: [IndicatorResult]
    /// An indicator could not be looked at and the others do not decide the block (`any`: none
    /// matched; `all`: none is known not to match). Encoded only when true.
    public var unknown: Bool = false

    public init(name: String, matched: Bool, indicators: [IndicatorResult], unknown: Bool = false) {
        self.name = name
        self.matched = matched
        self.indicators = indicators
        self.unknown = unknown
    }

    /// Kleene's logic over the indicators: `any` matches when one indicator matched, else is
    /// unknown when one is unknown; `all` does not match when one is known not to, else is
    /// unknown when one is unknown.
    public init(name: String, match: DetectBlock.Match, indicators: [IndicatorResult]) {
        let truths = indicators.map(\.truth)
        let truth = match == .any ? truths.reduce(Truth.false) { $0 || $1 } : truths.reduce(Truth.true) { $0 && $1 }
        self.init(name: name, matched: truth == .true, indicators: indicators, unknown: truth == .unknown)
    }

    private enum CodingKeys: String, CodingKey { case name, matched, indicators, unknown }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try container.decode(String.self, forKey: .name), matched: try container.decode(Bool.self, forKey: .matched),
                  indicators: try container.decode([IndicatorResult].self, forKey: .indicators),
                  unknown: try container.decodeIfPresent(Bool.self, forKey: .unknown) ?? false)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(matched, forKey: .matched)
        try container.encode(indicators, forKey: .indicators)
        if unknown { try container.encode(true, forKey: .unknown) }
    }
}

public struct IndicatorResult: Sendable, Codable, Equatable {
    /// The indicator in words: `file /opt/explorer.exe`.
    public var indicator: String
    /// False when `unseen` is set.
    public var matched: Bool
    /// What matched on the host, where the indicator can say (`content`: each file with its
    /// first matching line). Host text: escape it (`HostText`) to show it.
    public var evidence: [LineMatch]?
    /// The processes a `process` indicator matched. Host text: escape it to show it.
    public var processes: [ProcessMatch]?
    /// What was left unexamined: `searched the first 200 of 350 files`.
    public var note: String?
    /// Why the indicator could not be evaluated: it is unknown, never "no match".
    public var unseen: [Unseen]?

    public init(indicator: String, matched: Bool, evidence: [LineMatch]? = nil, processes: [ProcessMatch]? = nil, note: String? = nil,
                unseen: [Unseen]? = nil) {
        self.indicator = indicator
        self.matched = matched
        self.evidence = evidence
        self.processes = processes
        self.note = note
        self.unseen = unseen
    }

    /// Matched, no match, or unknown.
    public var truth: Truth { unseen != nil ? .unknown : Truth(matched) }
}

/// A process a `process` indicator matched, as the plan shows it.
public struct ProcessMatch: Sendable, Codable, Equatable {
    public var pid: Int32
    public var user: String
    public var executable: String
    public var commandLine: String
    public var commandLineIsCut: Bool

    public init(_ process: ProcessObservation) {
        pid = process.pid
        user = process.user
        executable = process.executable
        commandLine = process.commandLine
        commandLineIsCut = process.commandLineIsCut
    }

    enum CodingKeys: String, CodingKey {
        case pid, user, executable
        case commandLine = "command_line", commandLineIsCut = "command_line_is_cut"
    }
}

/// The plan spells a line match's fields as it spells its own (`text_is_cut`), while the
/// observation beside it keeps the probe's spelling (`textIsCut`): both are plan.json's format.
extension IndicatorResult {
    private enum CodingKeys: String, CodingKey { case indicator, matched, evidence, processes, note, unseen }
    private enum EvidenceKeys: String, CodingKey {
        case path, line, text
        case textIsCut = "text_is_cut"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(indicator: try container.decode(String.self, forKey: .indicator), matched: try container.decode(Bool.self, forKey: .matched),
                  processes: try container.decodeIfPresent([ProcessMatch].self, forKey: .processes),
                  note: try container.decodeIfPresent(String.self, forKey: .note),
                  unseen: try container.decodeIfPresent([Unseen].self, forKey: .unseen))
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
        try container.encodeIfPresent(processes, forKey: .processes)
        try container.encodeIfPresent(note, forKey: .note)
        try container.encodeIfPresent(unseen, forKey: .unseen)
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
        /// Its check could not look where its decision needs it (`unseen` says where and why),
        /// or its `when` rests on a detect block whose answer is unknown: never "nothing to do".
        case unknown
        /// An `assert` the plan cannot judge (a command after earlier changes, a condition after
        /// a step whose effect the host model cannot settle): `apply` checks it when it gets
        /// there. Neither holds nor fails in the plan.
        case atApply = "at_apply"
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
    /// For `unknown`: what the check could not look at.
    public var unseen: [Unseen]?
    /// An `assert` of indicators: each one as judged (matched, with its evidence, or why it
    /// could not be looked at).
    public var indicators: [IndicatorResult]?

    /// The check could not look where its decision needs it: `unknown`, the reason saying what
    /// could not be told and why (`cannot tell which files match /root/.ssh/*: permission denied: /root/.ssh`).
    mutating func cannotTell(_ what: String, _ unseen: [Unseen]) {
        action = .unknown
        reason = "cannot tell \(what): " + unseen.map(\.words).joined(separator: "; ")
        changes = []
        self.unseen = unseen
    }
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
