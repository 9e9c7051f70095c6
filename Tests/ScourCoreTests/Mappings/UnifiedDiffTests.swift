import Foundation
import Testing
import TestSupport
@testable import ScourCore

@Suite struct UnifiedDiffTests {
    @Test func removed_lines_with_three_lines_of_context() {
        let old = (1...12).map { "line \($0)" }
        #expect(UnifiedDiff.replacing([.init(oldLines: 5..<7, newLines: ["line seven"])], in: old, path: "/etc/x.conf") == """
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

    /// Removing every line of a 2 MiB file: the diff stops past `shownLimit` and says how many
    /// changed lines it left out.
    @Test func a_diff_past_its_limit_is_cut_and_says_what_it_left_out() {
        let lines = (0..<40_000).map { "line \($0) " + String(repeating: "x", count: 40) }
        let diff = UnifiedDiff.removing(Set(0..<40_000), from: lines.joined(separator: "\n") + "\n", path: "/srv/a.htm")
        let shown = diff.split(separator: "\n").filter { $0.hasPrefix("-line") }.count
        #expect(diff.utf8.count < UnifiedDiff.shownLimit + 64 << 10)
        #expect(shown > 1000 && shown < 40_000)
        #expect(diff.hasSuffix("… \(40_000 - shown) more changed lines not shown: the diff passed 256 KiB\n"))
    }

    @Test func no_replacement_gives_no_diff() {
        #expect(UnifiedDiff.replacing([], in: ["a", "b"], path: "x").isEmpty)
        #expect(UnifiedDiff.removing([7], from: "a\nb\n", path: "x").isEmpty)
    }

    @Test(arguments: 0..<30)
    func patch_applies_to_give_the_new_text(seed: Int) throws {
        var generator = SplitMix64(seed: UInt64(seed) &+ 0x9E37_79B9_7F4A_7C15)
        let old = (0..<Int.random(in: 0...40, using: &generator)).map { _ in "l\(Int.random(in: 0...5, using: &generator))" }
        var replacements: [UnifiedDiff.Replacement] = []
        var new: [String] = []
        var line = 0
        while line <= old.count {
            if Int.random(in: 0..<3, using: &generator) == 0 {
                let count = Int.random(in: 0...min(3, old.count - line), using: &generator)
                let added = (0..<Int.random(in: 0...2, using: &generator)).map { _ in "n\(Int.random(in: 0...3, using: &generator))" }
                if count > 0 || !added.isEmpty {
                    replacements.append(.init(oldLines: line..<(line + count), newLines: added))
                    new += added
                    line += count
                }
            }
            guard line < old.count else { break }
            new.append(old[line])
            line += 1
        }
        let diff = UnifiedDiff.replacing(replacements, in: old, path: "f")
        #expect(try applyPatch(diff, to: old) == new)
    }
}
