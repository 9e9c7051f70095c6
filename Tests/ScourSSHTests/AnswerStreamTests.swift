@testable import ScourSSH
import ScourTransport
import Testing

/// The reader of one stream of a kept shell's answer: whatever the chunking, the output is
/// exactly the bytes before the end line, the status is read from it, and a host that sends
/// something else than a status there is refused.
struct AnswerStreamTests {
    static let marker = "Mk7Qz"

    private func read(_ bytes: [UInt8], ending: AnswerStream.Ending, chunk: Int, limit: OutputLimit = .standard) throws(AnswerStream.Failure) -> AnswerStream {
        var stream = AnswerStream(marker: Self.marker, ending: ending, limit: limit)
        var offset = 0
        while offset < bytes.count {
            try stream.consume(bytes[offset..<min(offset + chunk, bytes.count)])
            offset += chunk
        }
        return stream
    }

    @Test(arguments: [1, 2, 5, 7, 64])
    func output_and_status_whatever_the_chunks(chunk: Int) throws {
        // Output that holds the marker without the newline before it, or without the space
        // after it, and ends with a newline.
        let output = "line \(Self.marker) 1 not the end\n\n\(Self.marker)x\nlast\n"
        let stream = try read(Array((output + "\n\(Self.marker) 42\n").utf8), ending: .status, chunk: chunk)
        #expect(stream.isComplete)
        #expect(stream.status == 42)
        #expect(String(decoding: stream.output.bytes, as: UTF8.self) == output)
    }

    @Test(arguments: [1, 3, 64])
    func stderr_ends_at_the_bare_end_line(chunk: Int) throws {
        let stream = try read(Array("warning\n\n\(Self.marker)\n".utf8), ending: .bare, chunk: chunk)
        #expect(stream.isComplete)
        #expect(stream.status == nil)
        #expect(stream.output.bytes == Array("warning\n".utf8))
    }

    @Test func output_without_a_final_newline_is_kept_exactly() throws {
        let stream = try read(Array("no newline\n\(Self.marker) 0\n".utf8), ending: .status, chunk: 4)
        #expect(stream.output.bytes == Array("no newline".utf8))
        #expect(stream.status == 0)
    }

    @Test func an_unfinished_answer_is_not_complete_and_keeps_back_a_possible_end() throws {
        let stream = try read(Array("abc\n\(Self.marker)".utf8), ending: .status, chunk: 3)
        #expect(!stream.isComplete)
        #expect(stream.status == nil)
        #expect(stream.output.bytes == Array("abc".utf8))
    }

    @Test func an_ended_stream_gives_back_what_it_held() throws {
        var stream = try read(Array("refused\n\(Self.marker.prefix(3))".utf8), ending: .bare, chunk: 64)
        #expect(stream.output.bytes == Array("refused".utf8))
        try stream.finish()
        #expect(stream.output.bytes == Array("refused\n\(Self.marker.prefix(3))".utf8))
        #expect(!stream.isComplete)
    }

    @Test func bytes_after_the_end_line_are_ignored() throws {
        let stream = try read(Array("x\n\(Self.marker) 3\ntrailing noise\n\(Self.marker) 9\n".utf8), ending: .status, chunk: 64)
        #expect(stream.status == 3)
        #expect(stream.output.bytes == Array("x".utf8))
    }

    @Test(arguments: ["-1", "", "12a", "99999999999", "4 2"])
    func a_status_that_is_not_a_number_is_refused(status: String) {
        #expect(throws: AnswerStream.Failure.malformedStatus) {
            _ = try read(Array("\n\(Self.marker) \(status)\n".utf8), ending: .status, chunk: 2)
        }
    }

    @Test func endless_digits_are_refused_before_the_newline() {
        #expect(throws: AnswerStream.Failure.malformedStatus) {
            _ = try read(Array(("\n\(Self.marker) " + String(repeating: "7", count: 1 << 16)).utf8), ending: .status, chunk: 512)
        }
    }

    @Test func a_fail_limit_is_kept_and_a_tail_limit_keeps_the_end() throws {
        let big = Array(String(repeating: "z", count: 1000).utf8) + Array("\n\(Self.marker) 0\n".utf8)
        #expect(throws: AnswerStream.Failure.tooLarge) { _ = try read(big, ending: .status, chunk: 100, limit: .fail(after: 999)) }
        let tail = try read(big, ending: .status, chunk: 100, limit: .tail(10))
        #expect(tail.isComplete)
        #expect(tail.output.bytes == Array(String(repeating: "z", count: 10).utf8))
        #expect(tail.output.dropped == 990)
    }
}
