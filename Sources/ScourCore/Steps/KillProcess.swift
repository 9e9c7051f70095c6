import ScourSyntax

/// `kill_process`: processes matched by name, executable and command line, sent TERM, then
/// KILL after a grace period, and verified gone. Their executable is quarantined by a
/// following `remove_files` naming the same path.
public struct KillProcess: StepAction, StepReading {
    public static let keyword = "kill_process"
    static let attributes = ["name", "executable", "command_line", "max_matches", "grace"]

    /// The process name (`comm` on Linux, the image name on Windows), exact.
    public var name: String?
    /// The executable's path, exact or a glob.
    public var executable: String?
    /// An extended regular expression over the command line (arguments joined by spaces).
    public var commandLine: String?
    /// More matching processes than this blocks the step: a pattern too wide is not acted on.
    public var maxMatches: Int
    /// From TERM to KILL.
    public var grace: Duration

    public init(name: String?, executable: String?, commandLine: String?, maxMatches: Int = 1, grace: Duration = .seconds(5)) {
        self.name = name
        self.executable = executable
        self.commandLine = commandLine
        self.maxMatches = maxMatches
        self.grace = grace
    }

    /// The criteria, in words: `name kworkerds, executable /opt/.kworker/*`.
    public var criteria: String { Self.criteria(name: name, executable: executable, commandLine: commandLine) }

    /// Process criteria in words, as `kill_process` and a `process` indicator state them.
    public static func criteria(name: String?, executable: String?, commandLine: String?) -> String {
        [name.map { "name \($0)" }, executable.map { "executable \($0)" }, commandLine.map { "command line matching \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
    }

    public var explanation: [String] {
        [
            "stop the processes with \(criteria) (at most \(maxMatches); more blocks the step):",
            "TERM, then KILL after \(grace.scourLiteral), then check that none is left",
        ]
    }

    public func resolvingStrings(_ resolve: (String) -> String) -> KillProcess {
        KillProcess(name: name.map(resolve), executable: executable.map(resolve), commandLine: commandLine.map(resolve),
                    maxMatches: maxMatches, grace: grace)
    }

    static func read(_ reader: BlockReader, in context: AnalysisContext, timeout: Duration?) -> KillProcess? {
        var valid = true
        let name = context.readOptional(reader["name"], &valid) { readProcessName($0, in: context) }
        let executable = context.readOptional(reader["executable"], &valid) { context.readPath($0) }
        let commandLine = context.readOptional(reader["command_line"], &valid) { context.readPattern($0) }
        let maxMatches = context.readOptional(reader["max_matches"], &valid) { context.readInteger($0, in: 1...10_000) } ?? 1
        let grace = context.readOptional(reader["grace"], &valid) { attribute -> Duration? in
            guard let grace = context.readDuration(attribute, allowZero: true) else { return nil }
            guard grace <= .seconds(600) else {
                context.diagnostics.error("'grace' is at most 10m", at: attribute.value.range,
                                          help: "a process that ignores TERM for longer is killed anyway")
                return nil
            }
            return grace
        } ?? .seconds(5)
        if reader["name"] == nil && reader["executable"] == nil && reader["command_line"] == nil {
            context.diagnostics.error("\(reader.title) needs 'name', 'executable' or 'command_line'", at: reader.block.kind.range,
                                      help: "name = \"kworkerds\" or executable = '/opt/.kworker/kworkerds'; each one given must match")
            return nil
        }
        guard valid else { return nil }
        return KillProcess(name: name, executable: executable, commandLine: commandLine, maxMatches: maxMatches, grace: grace)
    }
}

extension KillProcess {
    /// A process name: one line, no `/`; a name longer than the platform keeps is a warning.
    static func readProcessName(_ attribute: Attribute, in context: AnalysisContext) -> String? {
        guard let name = context.readHostValue(attribute.value, what: "'name'", rule: .text) else { return nil }
        guard !context.isInterpolated(name) else { return name }
        if name.contains("/") || name.utf8.contains(where: { $0 < 0x20 }) {
            context.diagnostics.error("'\(name)' is not a process name", at: attribute.value.range,
                                      help: "a name has no '/': to match a path, use executable = '\(name)'")
            return nil
        }
        if let limit = context.platform.rules.processNameLimit, name.utf8.count > limit.bytes {
            let kept = String(decoding: name.utf8.prefix(limit.bytes), as: UTF8.self)
            context.diagnostics.warning(
                "\(limit.keptBy) keeps only the first \(limit.bytes) bytes of a process name: any process named '\(kept)' matches",
                at: attribute.value.range, help: "to tell them apart, add executable or command_line")
        }
        return name
    }
}
