/// The lines of one file a `remove_lines` step removes, worked out on the file's bytes: every
/// byte of the lines kept stays exactly as it was (line endings, a last line without one,
/// bytes that are not UTF-8), so the edit removes those lines and nothing else.
public struct LineRemoval: Sendable, Equatable {
    /// The file as it will be written.
    public var bytes: [UInt8]
    /// The removed lines' numbers (1-based, in the original file), not their text: a glob at its
    /// `max_matches` may remove hundreds of thousands of lines, and each would be a `String`.
    public var removed: [Int]

    /// `bytes` with every line `matcher` matches removed, line ending included.
    public init(_ bytes: [UInt8], removing matcher: LineMatcher) {
        var kept: [UInt8] = []
        var removed: [Int] = []
        var start = 0
        var number = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
            number += 1
            if matcher.matches(LineMatcher.content(of: bytes[start..<end])) {
                if removed.isEmpty {
                    // Kept bytes are copied only once a line goes; before it, all were kept.
                    kept.reserveCapacity(bytes.count)
                    kept += bytes[..<start]
                }
                removed.append(number)
            } else if !removed.isEmpty {
                kept += bytes[start..<end]
            }
            start = end
        }
        self.bytes = removed.isEmpty ? bytes : kept
        self.removed = removed
    }

    /// The removed lines' numbers for people: `line 3`, `lines 3, 7 and 9`, `12 lines (3, 7, 9, 10, 11, …)`.
    public var lineWords: String {
        let numbers = removed.map(String.init)
        switch numbers.count {
        case 1: return "line \(numbers[0])"
        case 2...5: return "lines \(numbers.dropLast().joined(separator: ", ")) and \(numbers.last!)"
        default: return "\(numbers.count) lines (\(numbers.prefix(5).joined(separator: ", ")), …)"
        }
    }
}

/// What a `remove_lines` step matches a line against, made once per file set: the compiled
/// pattern, or the exact lines as bytes.
public struct LineMatcher: Sendable {
    private let regex: ExtendedRegex?
    private let lines: Set<[UInt8]>

    /// Throws when the pattern (as resolved for a host) is not a valid expression.
    public init(_ match: RemoveLines.Match) throws(ExtendedRegex.CompileError) {
        switch match {
        case .pattern(let pattern):
            regex = try ExtendedRegex.compile(pattern).get()
            lines = []
        case .lines(let exact):
            regex = nil
            lines = Set(exact.map { Array($0.utf8) })
        }
    }

    /// Whether the pattern matches an empty line, and so every line: a step that would empty
    /// its files is refused (by `check` for a literal, by the plan for a host's resolved value).
    public var matchesEveryLine: Bool { regex?.matches("") ?? false }

    /// A line without its ending: the LF, then one CR before it (or at the end of a last line
    /// without LF). Every line matcher of Scour strips it the same way, so a key line ending in
    /// CR (which sshd accepts) is matched by the pattern that matches it without.
    public static func content(of line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var line = line
        if line.last == 0x0A { line = line.dropLast() }
        if line.last == 0x0D { line = line.dropLast() }
        return line
    }

    /// Whether `line` (without its line ending: `content(of:)`) goes.
    public func matches(_ line: ArraySlice<UInt8>) -> Bool {
        if let regex { return regex.matches(String(decoding: line, as: UTF8.self)) }
        return lines.contains(Array(line))
    }
}
