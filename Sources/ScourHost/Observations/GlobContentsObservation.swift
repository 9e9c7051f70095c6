import Foundation

/// What a `globContents` item found: the paths a glob matched, each with its facts and, for a
/// regular file, its bytes — what a step editing those files diffs in the plan.
public struct GlobContentsObservation: Sendable, Codable, Equatable {
    /// How many paths the glob matched in all; more than `matches.count` when cut at `max_matches`.
    public var total: Int
    /// The first matches, in the host shell's order, each path once.
    public var matches: [GlobContentsMatch]
    /// The folders the expansion could not search (a match's own unreadable bytes are in its
    /// `content`). Nil (and left out of the JSON): every folder was searched.
    public var unseen: [Unseen]?
    /// How many things went unseen when there were more than `unseen` lists (it keeps the
    /// first `max_matches`). Nil (and left out of the JSON): `unseen` lists them all.
    public var unseenTotal: Int?

    public init(total: Int, matches: [GlobContentsMatch], unseen: [Unseen]? = nil, unseenTotal: Int? = nil) {
        self.total = total
        self.matches = matches
        self.unseen = unseen
        self.unseenTotal = unseenTotal.flatMap { $0 > (unseen?.count ?? 0) ? $0 : nil }
    }

    public var isTruncated: Bool { total > matches.count }
}

/// One matched path: its facts (a final symlink itself, not its target) and, for a regular
/// file, its content (`bytes`, or `tooLarge`); nil for anything else.
public struct GlobContentsMatch: Sendable, Codable, Equatable {
    public var path: String
    public var file: FileObservation
    public var content: ContentObservation?

    public init(path: String, file: FileObservation, content: ContentObservation?) {
        self.path = path
        self.file = file
        self.content = content
    }
}
