
/// A checked playbook: what the planner and the executor consume. Built only by
/// `PlaybookAnalyzer`, so every value in it has passed the rules of docs/playbook-language.md.
/// Source ranges are kept where a later phase may need to point back at the file.
public struct Playbook: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var platform: Platform
    public var params: [Param]
    public var rollout: Rollout
    public var detects: [DetectBlock]
    /// The host variables read without a `??` default, which every host must set.
    public var hostVariables: [HostVariableUse] = []
    public var steps: [Step]
    /// The playbook's file; `apply_patch` files are relative to its folder.
    public var path: String
    /// The paths, patterns and names written with interpolations, by source text (which the
    /// model holds in their place until `resolved(in:host:)`).
    public var interpolations: [String: Interpolation] = [:]

    public func param(named name: String) -> Param? { params.first { $0.name == name } }
    public func detect(named name: String) -> DetectBlock? { detects.first { $0.name == name } }
}

/// `param "NAME" { type = … default = … description = … }`, settable with `--param name=value`.
public struct Param: Sendable, Hashable {
    public var name: String
    public var type: ValueType
    public var defaultValue: Value?
    public var description: String?
}

/// `rollout { … }` with the language's defaults for whatever the playbook leaves out.
public struct Rollout: Sendable, Hashable {
    public enum Pause: Sendable, Hashable {
        case duration(Duration)
        /// Stop after the wave; `scour resume` continues.
        case manual
    }

    /// Cumulative shares of the targeted hosts done after each wave; the last is 100%.
    public var waves: [Share] = [.count(1), .percent(10), .percent(50), .percent(100)]
    /// Per wave; a wave past it halts the rollout. Unreachable hosts count as failed.
    public var maxFailures: Share = .percent(10)
    public var concurrency = 64
    public var pause: Pause = .duration(.zero)
    public var retries = 3
    public var backoff: Duration = .seconds(2)
    public var stepTimeout: Duration = .seconds(600)

    public init() {}
}
