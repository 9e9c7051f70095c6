/// A playbook's text with a line table, so byte offsets map to line/column cheaply.
public struct SourceFile: Sendable {
    /// The path shown in diagnostics (as given; not resolved).
    public let path: String
    /// `path` interned, for the ranges of this file.
    let pathID: UInt32
    public let text: String
    /// The UTF-8 bytes the lexer works on.
    public let bytes: [UInt8]
    /// Byte offset of the first byte of each line.
    let lineStarts: [Int]
    /// Whether each line is pure ASCII, where a column is a byte difference (keeps long
    /// single-line inputs linear).
    let lineIsASCII: [Bool]

    public init(path: String, text: String) {
        self.path = path
        self.pathID = SourcePaths.shared.id(path)
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        var ascii = [true]
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\n") {
                starts.append(index + 1)
                ascii.append(true)
            } else if byte >= 0x80 {
                ascii[ascii.count - 1] = false
            }
        }
        self.lineStarts = starts
        self.lineIsASCII = ascii
    }

    /// The location of a UTF-8 byte offset (clamped to the text).
    public func location(ofOffset offset: Int) -> SourceLocation {
        let offset = max(0, min(offset, bytes.count))
        return location(ofOffset: offset, onLine: lineIndex(containing: offset))
    }

    /// The same, searching from the line of the previous call: a parser asks for offsets in
    /// nearly increasing order, so this is O(1) per call instead of a binary search.
    public func location(ofOffset offset: Int, lineHint: inout Int) -> SourceLocation {
        let offset = max(0, min(offset, bytes.count))
        var line = min(max(lineHint, 0), lineStarts.count - 1)
        var steps = 0
        while line + 1 < lineStarts.count && lineStarts[line + 1] <= offset && steps < 8 { line += 1; steps += 1 }
        if lineStarts[line] > offset || (line + 1 < lineStarts.count && lineStarts[line + 1] <= offset) {
            line = lineIndex(containing: offset)
        }
        lineHint = line
        return location(ofOffset: offset, onLine: line)
    }

    /// The range between two byte offsets.
    public func range(_ start: Int, _ end: Int) -> SourceRange {
        SourceRange(fileID: pathID, start: location(ofOffset: start), end: location(ofOffset: max(start, end)))
    }

    /// The range between two byte offsets, with `location(ofOffset:lineHint:)`.
    public func range(_ start: Int, _ end: Int, lineHint: inout Int) -> SourceRange {
        let startLocation = location(ofOffset: start, lineHint: &lineHint)
        return SourceRange(fileID: pathID, start: startLocation, end: location(ofOffset: max(start, end), lineHint: &lineHint))
    }

    /// Binary search of the line table: the 0-based line holding `offset`.
    private func lineIndex(containing offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    private func location(ofOffset offset: Int, onLine line: Int) -> SourceLocation {
        let lineStart = lineStarts[line]
        if lineIsASCII[line] { return SourceLocation(offset: offset, line: line + 1, column: offset - lineStart + 1) }
        // Column counts characters, not bytes: count UTF-8 lead bytes.
        var column = 1
        var index = lineStart
        while index < offset {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourceLocation(offset: offset, line: line + 1, column: column)
    }

    public var lineCount: Int { lineStarts.count }

    /// The text of a 1-based line, without its newline.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The source text of a range.
    public func text(of range: SourceRange) -> String {
        let start = max(0, min(range.start.offset, bytes.count))
        let end = max(start, min(range.end.offset, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
