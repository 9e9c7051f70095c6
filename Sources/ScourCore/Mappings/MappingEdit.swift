import Foundation

/// What a mapping edit found and changed.
public struct MappingEdit: Sendable, Equatable {
    /// The file as it will be written.
    public var newText: String
    /// One entry per mapping removed, for the plan (`Alias /c "/"` at line 12).
    public var removals: [Removal]
    /// The first directive whose meaning could not be told within its bound (a host-written
    /// regular expression too costly to match): the edit may then miss a mapping, so it is
    /// never to be written, nor "nothing maps" believed.
    public var undecided: Undecided?
    /// The original's lines and which of them the edit replaced, for the diff.
    var originalLines: [String]
    var replacements: [UnifiedDiff.Replacement]

    public struct Removal: Sendable, Equatable {
        /// 1-based line of the mapping in the original file.
        public var line: Int
        /// What was removed, in the config's own words (the directive, the location's first line, the element).
        public var what: String
    }

    public struct Undecided: Sendable, Equatable {
        /// 1-based line of the directive in the original file.
        public var line: Int
        /// The directive, in the config's own words (`excerpt`): host text.
        public var what: String
        /// Why it could not be told.
        public var why: String

        init(line: Int, what: String, why: String) {
            self.line = line
            self.what = MappingEdit.excerpt(what)
            self.why = why
        }

        /// `line 12 (location ~ (.*.*)Z): …` (host text: escape it to show it).
        public var words: String { "line \(line) (\(what)): \(why)" }
    }

    /// A directive's line as the plan quotes it: without its indentation, cut to 80 characters
    /// (a hostile line may be megabytes long, and hold thousands of directives).
    static func excerpt(_ line: String) -> String {
        let text = line.drop { $0 == " " || $0 == "\t" }
        let cut = text.prefix(81)
        return cut.count > 80 ? String(cut.prefix(80)) + "…" : cut.trimmingCharacters(in: .whitespaces)
    }

    public var changesSomething: Bool { !removals.isEmpty }

    /// Whether the file maps what was asked: unknown when nothing was found but a directive
    /// could not be told.
    public var maps: Truth { changesSomething ? .true : undecided == nil ? .false : .unknown }

    /// The edit as a unified diff (`diff -u`, 3 lines of context), built from the lines it
    /// replaced: linear in the file, however far apart its changes.
    public func diff(path: String) -> String {
        UnifiedDiff.replacing(replacements, in: originalLines, path: path)
    }

    init(original: ConfigLines, newText: String, removals: [Removal], replacements: [UnifiedDiff.Replacement],
         undecided: Undecided? = nil) {
        self.newText = newText
        self.removals = removals
        self.undecided = undecided
        self.originalLines = original.lines.map(\.text)
        self.replacements = replacements
    }
}
