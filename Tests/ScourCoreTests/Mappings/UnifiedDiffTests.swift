import Foundation
import Testing
@testable import ScourCore

@Suite struct UnifiedDiffTests {
    @Test func removed_lines_with_three_lines_of_context() {
        let old = (1...12).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 6\n", with: "").replacingOccurrences(of: "line 7\n", with: "line seven\n")
        #expect(UnifiedDiff.make(from: old, to: new, path: "/etc/x.conf") == """
            --- /etc/x.conf
            +++ /etc/x.conf (scour)
            @@ -3,8 +3,7 @@
             line 3
             line 4
             line 5
            -line 6
            -line 7
            +line seven
             line 8
             line 9
             line 10

            """)
    }

    @Test func identical_texts_give_no_diff() {
        #expect(UnifiedDiff.make(from: "a\nb\n", to: "a\nb\n", path: "x").isEmpty)
    }

    @Test(arguments: 0..<30)
    func patch_applies_to_give_the_new_text(seed: Int) throws {
        var generator = SeededGenerator(seed: UInt64(seed))
        let old = (0..<Int.random(in: 0...40, using: &generator)).map { _ in "l\(Int.random(in: 0...5, using: &generator))" }
        var new = old
        for _ in 0..<Int.random(in: 1...6, using: &generator) {
            if !new.isEmpty && Bool.random(using: &generator) { new.remove(at: Int.random(in: 0..<new.count, using: &generator)) }
            else { new.insert("n\(Int.random(in: 0...3, using: &generator))", at: Int.random(in: 0...new.count, using: &generator)) }
        }
        let diff = UnifiedDiff.make(from: old.map { $0 + "\n" }.joined(), to: new.map { $0 + "\n" }.joined(), path: "f")
        #expect(try applyPatch(diff, to: old) == new)
    }

    /// Applies a unified diff the way `patch` would, hunk by hunk at the stated line numbers.
    private func applyPatch(_ diff: String, to lines: [String]) throws -> [String] {
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

    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed &+ 0x9E3779B97F4A7C15 }
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
    }
}
