/// What one kind of step does (`RemoveFiles`, `Reboot`, …). Each kind has one home: its file
/// here declares its keyword and attributes, reads its block and says in words what it does;
/// its handler in ScourEngine (`StepHandler`) probes, decides and acts. Adding a kind is
/// adding those two files and its line in `StepKinds.all`.
public protocol StepAction: Sendable, Hashable {
    /// The keyword of the step kind, as written in playbooks.
    static var keyword: String { get }
    /// What `scour explain` says the step does, a line each.
    var explanation: [String] { get }
    /// The step with each path, pattern and name passed through `resolve`: how a playbook's
    /// interpolated values become one host's (`Playbook.resolved(in:host:)`).
    func resolvingStrings(_ resolve: (String) -> String) -> Self
}

/// How the analyzer reads a step kind's block.
protocol StepReading: StepAction {
    /// The kind's own attributes, besides the ones every step takes (`when`, `retries`, `timeout`).
    static var attributes: [String] { get }
    /// The kind's nested blocks (`assert`'s indicators); none for most kinds.
    static var blocks: [String] { get }
    /// The kind's own attributes read and checked; nil once what is wrong is reported.
    /// `timeout` is the step's `timeout`, which some kinds give a meaning of their own.
    static func read(_ reader: BlockReader, in context: AnalysisContext, timeout: Duration?) -> Self?
}

extension StepReading {
    static var blocks: [String] { [] }
}

/// Every step kind the language has.
public enum StepKinds {
    /// In the order the docs list them.
    static let all: [any StepReading.Type] = [
        RemoveFiles.self, StripMappings.self, RemoveLines.self, KillProcess.self, Reboot.self, ApplyPatch.self, DisableService.self, RunCommand.self, Assert.self,
    ]

    public static let keywords = all.map { $0.keyword }

    /// Every kind's type, for the engine to check it has a handler for each.
    public static var types: [any StepAction.Type] { all }

    static func named(_ keyword: String) -> (any StepReading.Type)? {
        all.first { $0.keyword == keyword }
    }
}
