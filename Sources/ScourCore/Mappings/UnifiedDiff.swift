/// A unified diff (`diff -u` format, 3 lines of context) of an edit that replaces some lines
/// of a text. The edit says which lines it replaced (the mapping editors, `remove_lines` know),
/// so no longest-common-subsequence search is needed: the diff is built in one pass, in time
/// and memory linear in the file, however large it is and however far apart its changes.
public enum UnifiedDiff {
    /// Lines `oldLines` (0-based, of the original) replaced by `newLines` (none: removed).
    public struct Replacement: Sendable, Equatable {
        public var oldLines: Range<Int>
        public var newLines: [String]

        public init(oldLines: Range<Int>, newLines: [String] = []) {
            self.oldLines = oldLines
            self.newLines = newLines
        }
    }

    /// The diff of applying `replacements` (in order, not overlapping) to `old`'s lines.
    public static func replacing(_ replacements: [Replacement], in old: [String], path: String, context: Int = 3) -> String {
        var operations: [Operation] = []
        operations.reserveCapacity(old.count)
        var oldLine = 0, newLine = 0
        func keep(upTo end: Int) {
            while oldLine < end {
                operations.append(Operation(kind: .same, text: old[oldLine], oldLine: oldLine, newLine: newLine))
                oldLine += 1
                newLine += 1
            }
        }
        for replacement in replacements {
            keep(upTo: replacement.oldLines.lowerBound)
            for line in replacement.oldLines {
                operations.append(Operation(kind: .removed, text: old[line], oldLine: line, newLine: newLine))
            }
            oldLine = replacement.oldLines.upperBound
            for text in replacement.newLines {
                operations.append(Operation(kind: .added, text: text, oldLine: oldLine, newLine: newLine))
                newLine += 1
            }
        }
        keep(upTo: old.count)
        return render(operations, path: path, context: context)
    }

    /// The diff of removing the lines at `removed` (0-based; any past the end ignored) from `old`.
    public static func removing(_ removed: Set<Int>, from old: String, path: String, context: Int = 3) -> String {
        let lines = ConfigLines(old).lines.map(\.text)
        let replacements = removed.filter { $0 >= 0 && $0 < lines.count }.sorted().map { Replacement(oldLines: $0..<($0 + 1)) }
        return replacing(replacements, in: lines, path: path, context: context)
    }

    private static func render(_ operations: [Operation], path: String, context: Int) -> String {
        guard operations.contains(where: { $0.kind != .same }) else { return "" }
        var output = "--- \(path)\n+++ \(path) (scour)\n"
        var index = 0
        while index < operations.count {
            guard operations[index].kind != .same else { index += 1; continue }
            // A hunk: changes plus context, merging changes closer than 2×context.
            let start = max(0, index - context)
            var end = index
            var lastChange = index
            while end < operations.count {
                if operations[end].kind != .same { lastChange = end }
                if end - lastChange > 2 * context { break }
                end += 1
            }
            end = min(operations.count, lastChange + context + 1)
            let hunk = operations[start..<end]
            let oldStart = hunk.first!.oldLine, newStart = hunk.first!.newLine
            let oldCount = hunk.filter { $0.kind != .added }.count
            let newCount = hunk.filter { $0.kind != .removed }.count
            output += "@@ -\(oldCount == 0 ? oldStart : oldStart + 1),\(oldCount) +\(newCount == 0 ? newStart : newStart + 1),\(newCount) @@\n"
            for (offset, operation) in zip(hunk.indices, hunk) {
                if output.utf8.count > shownLimit {
                    let rest = operations[offset...].filter { $0.kind != .same }.count
                    return rest == 0 ? output : output + "… \(rest) more changed lines not shown: the diff passed \(shownLimit >> 10) KiB\n"
                }
                output += (operation.kind == .same ? " " : operation.kind == .removed ? "-" : "+") + operation.text + "\n"
            }
            index = end
        }
        return output
    }

    /// How much of a diff is shown: a plan of a host answering with its largest files must not
    /// hold (and print) their every line; the edit itself is whole.
    public static let shownLimit = 256 << 10

    struct Operation {
        enum Kind { case same, removed, added }
        var kind: Kind
        var text: String
        /// 0-based positions in the old and new texts where this operation stands.
        var oldLine: Int
        var newLine: Int
    }
}
