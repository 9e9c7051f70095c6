/// One step of a playbook, run in order on each host: check, act, verify.
public struct Step: Sendable, Hashable {
    public var name: String
    /// Nil means always.
    public var when: Condition?
    /// Transient-failure retries; nil means the rollout's.
    public var retries: Int?
    /// Nil means the rollout's `step_timeout`.
    public var timeout: Duration?
    /// What the step does: one of the kinds in `StepKinds`.
    public var action: any StepAction

    public init(name: String, when: Condition? = nil, retries: Int? = nil, timeout: Duration? = nil, action: any StepAction) {
        self.name = name
        self.when = when
        self.retries = retries
        self.timeout = timeout
        self.action = action
    }

    /// The keyword of the step kind, as written in playbooks.
    public var kind: String { type(of: action).keyword }

    public static func == (lhs: Step, rhs: Step) -> Bool {
        lhs.name == rhs.name && lhs.when == rhs.when && lhs.retries == rhs.retries && lhs.timeout == rhs.timeout
            && AnyHashable(lhs.action) == AnyHashable(rhs.action)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(AnyHashable(action))
    }
}
