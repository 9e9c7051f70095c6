import ScourSyntax

/// `remove_files`: files moved into the run's quarantine (or deleted), by exact path or glob.
public struct RemoveFiles: StepAction, StepReading {
    public enum Mode: String, Sendable, Hashable {
        /// Moved into the run's quarantine with a manifest; `scour restore` puts them back.
        case quarantine
        case delete
    }

    public static let keyword = "remove_files"
    static let attributes = ["paths", "mode", "max_matches"]

    public var paths: [String]
    public var mode: Mode
    /// Set when paths hold globs: the most files one glob may remove on a host.
    public var maxMatches: Int?

    public init(paths: [String], mode: Mode, maxMatches: Int?) {
        self.paths = paths
        self.mode = mode
        self.maxMatches = maxMatches
    }

    /// Whether a path is a glob (`*`, `?`, `[`), expanded on the host.
    public static func isGlob(_ path: String) -> Bool { PathRules.hasGlob(path) }

    public var explanation: [String] {
        let verb = mode == .quarantine ? "move into quarantine (restorable with `scour restore`)" : "delete (not restorable)"
        let bound = maxMatches.map { "; a glob may match at most \($0) files" } ?? ""
        return ["\(verb) whichever of these files exist\(bound):"] + paths.map { "  \($0)" }
    }

    public func resolvingStrings(_ resolve: (String) -> String) -> RemoveFiles {
        RemoveFiles(paths: paths.map(resolve), mode: mode, maxMatches: maxMatches)
    }

    static func read(_ reader: BlockReader, in context: AnalysisContext, timeout: Duration?) -> RemoveFiles? {
        var valid = true
        let mode = context.readOptional(reader["mode"], &valid) {
            context.readKeyword($0, among: ["quarantine", "delete"]).flatMap(Mode.init(rawValue:))
        } ?? .quarantine
        let maxMatches = context.readOptional(reader["max_matches"], &valid) { context.readInteger($0, in: 1...100_000) }
        guard let attribute = reader.required("paths", help: "paths = ['/var/www/scripts/root.exe']"),
              let paths = context.readStringList(attribute, interpolating: .removablePath(globs: reader["max_matches"] != nil)),
              case .list(let items) = attribute.value.kind
        else { return nil }
        let pathsValid = context.checkGlobbedPaths(paths, at: items.map(\.range), in: reader, verb: "remove") {
            PathRules.removalProblem($0, platform: context.platform)
        }
        guard pathsValid else { return nil }
        return valid ? RemoveFiles(paths: paths, mode: mode, maxMatches: maxMatches) : nil
    }
}
