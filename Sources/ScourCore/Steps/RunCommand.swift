/// `run`: a command of the playbook's own, unless another one says there is nothing to do.
public struct RunCommand: StepAction, StepReading {
    public static let keyword = "run"
    static let attributes = ["command", "unless"]

    public var command: Template
    /// When it succeeds on the host, the step has nothing to do.
    public var unless: Template?

    public init(command: Template, unless: Template?) {
        self.command = command
        self.unless = unless
    }

    public var explanation: [String] { ["run `\(command)`" + (unless.map { ", unless `\($0)` succeeds" } ?? "")] }

    /// Its commands are rendered, quoted, when they run.
    public func resolvingStrings(_ resolve: (String) -> String) -> RunCommand { self }

    static func read(_ reader: BlockReader, in context: AnalysisContext, timeout: Duration?) -> RunCommand? {
        var valid = true
        let command = reader.required("command").flatMap(context.readTemplate)
        let unless = context.readOptional(reader["unless"], &valid, context.readTemplate)
        guard let command, valid else { return nil }
        return RunCommand(command: command, unless: unless)
    }
}
