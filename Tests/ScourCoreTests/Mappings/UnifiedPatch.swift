import Testing

/// Applies a unified diff the way `patch` would, hunk by hunk at the stated line numbers: what
/// a diff in a plan must do to the file it was made from.
func applyPatch(_ diff: String, to lines: [String]) throws -> [String] {
    var result: [String] = []
    var position = 0
    for line in diff.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2) where !line.isEmpty {
        if line.hasPrefix("@@") {
            let range = line.split(separator: " ")[1].dropFirst().split(separator: ",").map { Int($0)! }
            let target = range[1] == 0 ? range[0] : range[0] - 1  // "-N,0" inserts after line N
            result += lines[position..<target]
            position = target
        } else if line.hasPrefix("-") || line.hasPrefix(" ") {
            try #require(position < lines.count && lines[position] == String(line.dropFirst()),
                         "context or removed line does not match at \(position):\n\(diff)\nold: \(lines)")
            if line.hasPrefix(" ") { result.append(lines[position]) }
            position += 1
        } else if line.hasPrefix("+") {
            result.append(String(line.dropFirst()))
        }
    }
    return result + lines[position...]
}

