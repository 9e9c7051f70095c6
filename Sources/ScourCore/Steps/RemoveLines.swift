import ScourSyntax

/// `remove_lines`: lines removed from text files (a cron entry, an authorized_keys key, a line
/// of /etc/ld.so.preload), every line matching an ERE or equal to one of the given lines. Each
/// file is backed up first and replaced atomically with its owner and mode, optionally validated;
/// `scour restore` puts it back from the backup.
public struct RemoveLines: StepAction, StepReading {
    /// Which lines go.
    public enum Match: Sendable, Hashable {
        /// Every line the POSIX extended regular expression matches somewhere in.
        case pattern(String)
        /// Every line equal to one of these, whole (a trailing carriage return aside).
        case lines([String])
    }

    public static let keyword = "remove_lines"
    static let attributes = ["paths", "max_matches", "pattern", "lines", "validate"]

    public var paths: [String]
    /// Set when paths hold globs: the most files one glob may match on a host (more blocks the step).
    public var maxMatches: Int?
    public var match: Match
    /// Run after the edits; failing puts the originals back.
    public var validate: Template?

    public init(paths: [String], maxMatches: Int?, match: Match, validate: Template?) {
        self.paths = paths
        self.maxMatches = maxMatches
        self.match = match
        self.validate = validate
    }

    /// The step with every path, pattern and line mapped through `resolve` (a host's
    /// interpolation); `validate` is a template, rendered at the host anyway. Not throwing, as
    /// `StepAction.resolvingStrings` on main requires.
    public func resolvingStrings(_ resolve: (String) -> String) -> RemoveLines {
        let match: Match = switch self.match {
        case .pattern(let pattern): .pattern(resolve(pattern))
        case .lines(let lines): .lines(lines.map(resolve))
        }
        return RemoveLines(paths: paths.map(resolve), maxMatches: maxMatches, match: match, validate: validate)
    }

    public var explanation: [String] {
        let which = switch match {
        case .pattern(let pattern): "every line matching the extended regular expression '\(pattern)'"
        case .lines(let lines): "every line equal to one of: " + lines.map { "'\($0)'" }.joined(separator: ", ")
        }
        var lines = ["remove \(which) from whichever of these files exist:"] + paths.map { "  \($0)" }
        if let maxMatches, paths.contains(where: PathRules.hasGlob) {
            lines.append("a glob may match at most \(maxMatches) files on a host; more blocks the step there")
        }
        lines.append("each backed up first and replaced atomically with its owner and mode (restorable with `scour restore`)")
        if let validate { lines.append("then validate with `\(validate)`; on failure the originals are put back") }
        return lines
    }

    static func read(_ reader: BlockReader, in context: AnalysisContext, timeout: Duration?) -> RemoveLines? {
        var valid = true
        let maxMatches = context.readOptional(reader["max_matches"], &valid) { context.readInteger($0, in: 1...100_000) }
        let validate = context.readOptional(reader["validate"], &valid, context.readTemplate)
        let match = readMatch(reader, in: context)
        let paths = readPaths(reader, in: context)
        guard let paths, let match, valid else { return nil }
        return RemoveLines(paths: paths, maxMatches: maxMatches, match: match, validate: validate)
    }

    /// Exactly one of `pattern` and `lines`.
    private static func readMatch(_ reader: BlockReader, in context: AnalysisContext) -> Match? {
        switch (reader["pattern"], reader["lines"]) {
        case (nil, nil):
            context.diagnostics.error("\(reader.title) needs 'pattern' or 'lines'", at: reader.block.kind.range,
                                      help: "pattern = ' x@kworker$' removes every line it matches; lines = ['…'] removes those exact lines")
            return nil
        case (.some, .some(let lines)):
            context.diagnostics.error("\(reader.title) takes 'pattern' or 'lines', not both", at: lines.name.range,
                                      notes: [.init("'pattern' is set here", range: reader["pattern"]!.name.range)],
                                      help: "make it two steps, or write the lines as one pattern: '^(line one|line two)$'")
            return nil
        case (.some(let pattern), nil):
            return readLinePattern(pattern, in: context).map(Match.pattern)
        case (nil, .some(let lines)):
            return readLines(lines, in: context).map(Match.lines)
        }
    }

    /// A valid ERE that does not match an empty line: one that does matches every line.
    private static func readLinePattern(_ attribute: Attribute, in context: AnalysisContext) -> String? {
        guard let pattern = context.readPattern(attribute) else { return nil }
        // An interpolated pattern that would match every line blocks the step at plan.
        guard !context.isInterpolated(pattern), (try? LineMatcher(.pattern(pattern)))?.matchesEveryLine == true else { return pattern }
        context.diagnostics.error("'\(pattern)' matches an empty line, so it matches every line: the step would empty the files",
                                  at: attribute.value.range, help: "make it match something on the line, e.g. anchor it: '^…$'")
        return nil
    }

    /// Whole lines: none empty, none holding a line break.
    private static func readLines(_ attribute: Attribute, in context: AnalysisContext) -> [String]? {
        guard let lines = context.readStringList(attribute, allowEmpty: true, interpolating: .text), case .list(let items) = attribute.value.kind
        else { return nil }
        guard !lines.isEmpty else {
            context.diagnostics.error("'lines' is empty: the step would remove nothing", at: attribute.value.range,
                                      help: "list the exact lines to remove: lines = ['* * * * * root /opt/.kworker/run']")
            return nil
        }
        var valid = true
        for (line, item) in zip(lines, items) where !context.isInterpolated(line) && line.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            context.diagnostics.error("an item of 'lines' holds a line break: each item is one whole line", at: item.range,
                                      help: "list each line as an item of its own")
            valid = false
        }
        return valid ? lines : nil
    }

    /// Absolute paths of files; a glob needs `max_matches`, and `max_matches` a glob.
    private static func readPaths(_ reader: BlockReader, in context: AnalysisContext) -> [String]? {
        guard let attribute = reader.required("paths", help: "paths = ['/etc/cron.d/kworker', '/root/.ssh/authorized_keys']"),
              let paths = context.readStringList(attribute, interpolating: .editablePath(globs: reader["max_matches"] != nil)),
              case .list(let items) = attribute.value.kind
        else { return nil }
        let valid = context.checkGlobbedPaths(
            paths, at: items.map(\.range), in: reader, verb: "edit", problem: { editProblem($0, platform: context.platform) },
            problemHelp: "paths name the text files whose lines are removed",
            unusedHelp: "remove it, or name the files with a glob: paths = ['/etc/cron.d/*']")
        return valid ? paths : nil
    }

    /// Why `path` cannot name files to edit, or nil: it must be absolute, name a file, and not
    /// glob at the top level (which could reach into every system folder).
    static func editProblem(_ path: String, platform: Platform) -> String? {
        if let problem = PathRules.absolutePathProblem(path, platform: platform) { return problem }
        let parts = platform.rules.components(path)
        guard let first = parts.first else { return "'\(path)' is the root of the file system, not a file" }
        if path.hasSuffix("/") || path.hasSuffix("\\") { return "'\(path)' names a folder: remove_lines edits files; list them" }
        if PathRules.hasGlob(String(first)) { return "'\(path)' has a glob at the top level, which could match system folders" }
        return nil
    }
}
