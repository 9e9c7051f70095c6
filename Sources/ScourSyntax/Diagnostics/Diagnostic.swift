/// A problem found in a playbook, with where it is and how to fix it.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable, Codable {
        case error, warning, note
    }

    /// Extra context pointing elsewhere (e.g. the `{` a missing `}` belongs to).
    public struct Note: Sendable, Hashable {
        public var message: String
        public var range: SourceRange?
        public init(_ message: String, range: SourceRange? = nil) {
            self.message = message
            self.range = range
        }
    }

    /// A mechanical edit that fixes the problem: replace `range` by `replacement`.
    public struct FixIt: Sendable, Hashable {
        public var range: SourceRange
        public var replacement: String
        public init(range: SourceRange, replacement: String) {
            self.range = range
            self.replacement = replacement
        }
    }

    public var severity: Severity
    public var message: String
    public var range: SourceRange
    public var notes: [Note]
    public var help: String?
    public var fixIts: [FixIt]

    public init(
        _ severity: Severity, _ message: String, at range: SourceRange,
        notes: [Note] = [], help: String? = nil, fixIts: [FixIt] = []
    ) {
        self.severity = severity
        self.message = message
        self.range = range
        self.notes = notes
        self.help = help
        self.fixIts = fixIts
    }

    public static func error(
        _ message: String, at range: SourceRange, notes: [Note] = [], help: String? = nil,
        fixIts: [FixIt] = []
    ) -> Diagnostic {
        Diagnostic(.error, message, at: range, notes: notes, help: help, fixIts: fixIts)
    }

    public static func warning(
        _ message: String, at range: SourceRange, notes: [Note] = [], help: String? = nil,
        fixIts: [FixIt] = []
    ) -> Diagnostic {
        Diagnostic(.warning, message, at: range, notes: notes, help: help, fixIts: fixIts)
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error (warnings do not stop a run).
    public var containsErrors: Bool { contains { $0.severity == .error } }
}
