/// A point in a source file. `line` and `column` are 1-based; `column` counts characters.
public struct SourceLocation: Sendable, Hashable, Comparable, Codable {
    /// UTF-8 byte offset from the start of the file.
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool { lhs.offset < rhs.offset }
}

/// A half-open span `[start, end)` of a file.
public struct SourceRange: Sendable, Hashable, Codable {
    /// The path of the file, as given to `SourceFile`.
    public var file: String {
        get { SourcePaths.shared.path(fileID) }
        set { fileID = SourcePaths.shared.id(newValue) }
    }
    /// `file`, interned (see `SourcePaths`).
    private var fileID: Int
    public var start: SourceLocation
    public var end: SourceLocation

    public init(file: String, start: SourceLocation, end: SourceLocation) {
        self.init(fileID: SourcePaths.shared.id(file), start: start, end: end)
    }

    init(fileID: Int, start: SourceLocation, end: SourceLocation) {
        self.fileID = fileID
        self.start = start
        self.end = end
    }

    /// The smallest range covering both (same file assumed).
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(fileID: fileID, start: min(start, other.start), end: max(end, other.end))
    }

    private enum CodingKeys: String, CodingKey { case file, start, end }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            file: try container.decode(String.self, forKey: .file),
            start: try container.decode(SourceLocation.self, forKey: .start),
            end: try container.decode(SourceLocation.self, forKey: .end))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
    }
}
