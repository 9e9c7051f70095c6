import Testing
@testable import ScourSyntax

@Suite struct SourceFileTests {
    @Test func hinted_locations_equal_searched_ones_in_any_order() {
        let text = (0..<300).map { $0 % 7 == 0 ? "héllo wörld \($0)" : "line \($0)" }.joined(separator: "\n")
        let file = SourceFile(path: "x", text: text)
        var hint = 0
        var generator = SystemRandomNumberGenerator()
        let offsets = Array(0...file.bytes.count) + (0..<2000).map { _ in Int.random(in: -5...(file.bytes.count + 5), using: &generator) }
        for offset in offsets {
            #expect(file.location(ofOffset: offset, lineHint: &hint) == file.location(ofOffset: offset), "offset \(offset)")
        }
    }
}
