@testable import ScourSSH
import Testing

/// The ring that keeps a stream's tail: whatever the chunking, it holds exactly the last bytes.
struct BoundedOutputTests {
    @Test(arguments: [1, 3, 7, 10, 64])
    func tail_keeps_the_last_bytes_whatever_the_chunks(chunk: Int) {
        let input = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var output = BoundedOutput(limit: .tail(10))
        var offset = 0
        while offset < input.count {
            let kept = output.append(input[offset..<min(offset + chunk, input.count)])
            #expect(kept)
            offset += chunk
        }
        #expect(output.bytes == Array(input.suffix(10)))
        #expect(output.dropped == 990)
    }

    @Test func fail_refuses_the_chunk_that_passes_the_cap() {
        var output = BoundedOutput(limit: .fail(after: 4))
        let first = output.append([1, 2, 3][...]), second = output.append([4][...]), third = output.append([5][...])
        #expect(first && second && !third)
        #expect(output.bytes == [1, 2, 3, 4])
    }

    @Test func a_zero_tail_keeps_nothing_and_counts_everything() {
        var output = BoundedOutput(limit: .tail(0))
        let kept = output.append([1, 2, 3][...])
        #expect(kept)
        #expect(output.bytes.isEmpty)
        #expect(output.dropped == 3)
    }
}
