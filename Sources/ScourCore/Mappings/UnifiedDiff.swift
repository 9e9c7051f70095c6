/// A unified diff (`diff -u` format, 3 lines of context) between two texts, line by line.
/// Edits here only remove or rewrite lines, but the algorithm is the general one (longest
/// common subsequence over lines), so any pair of texts gives a correct diff.
public enum UnifiedDiff {
    public static func make(from old: String, to new: String, path: String, context: Int = 3) -> String {
        let a = ConfigLines(old).lines.map(\.text)
        let b = ConfigLines(new).lines.map(\.text)
        return render(diff(a, b), path: path, context: context)
    }

    /// The diff of removing the lines at `removed` (0-based) from `old`, built directly: a
    /// removal needs no table, which over the middle of a large file would be quadratic.
    public static func removing(_ removed: Set<Int>, from old: String, path: String, context: Int = 3) -> String {
        var newLine = 0
        let operations = ConfigLines(old).lines.enumerated().map { index, line in
            let kind: Operation.Kind = removed.contains(index) ? .removed : .same
            defer { if kind == .same { newLine += 1 } }
            return Operation(kind: kind, text: line.text, oldLine: index, newLine: newLine)
        }
        return render(operations, path: path, context: context)
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
            for operation in hunk {
                output += (operation.kind == .same ? " " : operation.kind == .removed ? "-" : "+") + operation.text + "\n"
            }
            index = end
        }
        return output
    }

    struct Operation {
        enum Kind { case same, removed, added }
        var kind: Kind
        var text: String
        /// 0-based positions in the old and new texts where this operation stands.
        var oldLine: Int
        var newLine: Int
    }

    /// Longest common subsequence of lines. Common prefix and suffix are taken off first, so the
    /// quadratic table only covers the changed middle (config edits are small).
    static func diff(_ a: [String], _ b: [String]) -> [Operation] {
        var prefix = 0
        while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix && suffix < b.count - prefix && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let middleA = Array(a[prefix..<(a.count - suffix)]), middleB = Array(b[prefix..<(b.count - suffix)])
        var table = [[Int]](repeating: [Int](repeating: 0, count: middleB.count + 1), count: middleA.count + 1)
        for i in stride(from: middleA.count - 1, through: 0, by: -1) {
            for j in stride(from: middleB.count - 1, through: 0, by: -1) {
                table[i][j] = middleA[i] == middleB[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var operations: [Operation] = (0..<prefix).map { Operation(kind: .same, text: a[$0], oldLine: $0, newLine: $0) }
        var i = 0, j = 0
        while i < middleA.count || j < middleB.count {
            if i < middleA.count && j < middleB.count && middleA[i] == middleB[j] {
                operations.append(Operation(kind: .same, text: middleA[i], oldLine: prefix + i, newLine: prefix + j)); i += 1; j += 1
            } else if j < middleB.count && (i == middleA.count || table[i][j + 1] > table[i + 1][j]) {
                operations.append(Operation(kind: .added, text: middleB[j], oldLine: prefix + i, newLine: prefix + j)); j += 1
            } else {
                operations.append(Operation(kind: .removed, text: middleA[i], oldLine: prefix + i, newLine: prefix + j)); i += 1
            }
        }
        for k in 0..<suffix {
            operations.append(Operation(kind: .same, text: a[a.count - suffix + k], oldLine: a.count - suffix + k, newLine: b.count - suffix + k))
        }
        return operations
    }
}
