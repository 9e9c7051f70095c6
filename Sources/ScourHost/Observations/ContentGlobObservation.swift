/// What a `contentGlob` item found: which files matched by a glob hold a line matching a
/// pattern, with the first such line of each as evidence for the plan.
public struct ContentGlobObservation: Sendable, Codable, Equatable {
    /// How many paths the glob matched in all.
    public var total: Int
    /// How many of them were searched: the first `maxMatches`.
    public var searched: Int
    /// The searched regular files holding a matching line, in the host shell's order.
    public var matches: [LineMatch]
    /// The folders that could not be searched and the files that could not be read: a line
    /// may match there unseen. Nil (and left out of the JSON): all seen.
    public var unseen: [Unseen]?
    /// How many things went unseen when there were more than `unseen` lists (it keeps the
    /// first `max_matches`). Nil (and left out of the JSON): `unseen` lists them all.
    public var unseenTotal: Int?

    public init(total: Int, searched: Int, matches: [LineMatch], unseen: [Unseen]? = nil, unseenTotal: Int? = nil) {
        self.total = total
        self.searched = searched
        self.matches = matches
        self.unseen = unseen
        self.unseenTotal = unseenTotal.flatMap { $0 > (unseen?.count ?? 0) ? $0 : nil }
    }

    /// Some paths were left unsearched (more than `maxMatches`).
    public var isTruncated: Bool { total > searched }
}

/// The first line of a file matching a pattern: what a `contentGlob` item found, and the
/// evidence of a `content` indicator in the plan. Host text: escape it (`HostText`) to show it.
public struct LineMatch: Sendable, Codable, Equatable {
    public var path: String
    /// 1-based.
    public var line: Int
    /// The line, or its first bytes when `textIsCut`.
    public var text: String
    public var textIsCut: Bool

    public init(path: String, line: Int, text: String, textIsCut: Bool) {
        self.path = path
        self.line = line
        self.text = text
        self.textIsCut = textIsCut
    }
}
