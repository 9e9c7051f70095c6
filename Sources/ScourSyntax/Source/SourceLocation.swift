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
    public var file: String
    public var start: SourceLocation
    public var end: SourceLocation

    public init(file: String, start: SourceLocation, end: SourceLocation) {
        self.file = file
        self.start = start
        self.end = end
    }

    /// The smallest range covering both (same file assumed).
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(file: file, start: min(start, other.start), end: max(end, other.end))
    }
}
