import ScourTransport

/// One output stream of a shell's answer to a request (`SSHSession.converse`): the script's own
/// output, then the end line the request's framing prints — `\n<marker> <status>\n` on stdout,
/// `\n<marker>\n` on stderr. The output is kept under its `OutputLimit` as it arrives; bytes at
/// the end of a chunk that begin the end line are held back until the next chunk says which
/// they are. Whatever follows the end line is not read.
///
/// The host is hostile: the status must be 1–10 digits then a newline, or the answer is refused.
package struct AnswerStream {
    package enum Ending: Equatable {
        /// `\n<marker> <status>\n`: stdout, which carries the script's exit status.
        case status
        /// `\n<marker>\n`: stderr.
        case bare
    }

    package enum Failure: Error, Equatable {
        /// More output than a fail-mode limit allows.
        case tooLarge
        /// The end line's status is not a number.
        case malformedStatus
    }

    package private(set) var output: BoundedOutput
    /// The script's exit status, once the end line was read (stdout only).
    package private(set) var status: Int32?
    package private(set) var isComplete = false

    private let end: [UInt8]
    private let ending: Ending
    /// Bytes read and not yet known to be output: they could be the start of the end line.
    private var pending: [UInt8] = []
    /// The status digits read after the end line's marker (`.status`, once the marker was seen).
    private var digits: [UInt8]?

    package init(marker: String, ending: Ending, limit: OutputLimit) {
        output = BoundedOutput(limit: limit)
        self.ending = ending
        end = Array(("\n" + marker + (ending == .status ? " " : "\n")).utf8)
    }

    /// Takes the next bytes of the stream; anything after the end line is ignored.
    package mutating func consume(_ chunk: ArraySlice<UInt8>) throws(Failure) {
        guard !isComplete else { return }
        if digits != nil { return try readStatus(chunk) }
        pending.append(contentsOf: chunk)
        if let start = firstIndex(of: end, in: pending) {
            try keep(pending[..<start])
            let rest = pending[(start + end.count)...]
            pending = []
            guard ending == .status else { isComplete = true; return }
            digits = []
            try readStatus(rest)
            return
        }
        let held = heldBack(pending)
        try keep(pending[..<(pending.count - held)])
        pending.removeFirst(pending.count - held)
    }

    /// The stream ended before its end line: the bytes held back were output after all.
    package mutating func finish() throws(Failure) {
        guard !isComplete, digits == nil else { return }
        try keep(pending[...])
        pending = []
    }

    private mutating func keep(_ bytes: ArraySlice<UInt8>) throws(Failure) {
        guard output.append(bytes) else { throw .tooLarge }
    }

    private mutating func readStatus(_ chunk: ArraySlice<UInt8>) throws(Failure) {
        for byte in chunk {
            if byte == UInt8(ascii: "\n") {
                guard let digits, !digits.isEmpty, let value = Int32(String(decoding: digits, as: UTF8.self)) else {
                    throw .malformedStatus
                }
                status = value
                isComplete = true
                return
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), digits!.count < 10 else { throw .malformedStatus }
            digits!.append(byte)
        }
    }

    /// How many bytes at the end of `bytes` begin the end line (all of them short of it).
    private func heldBack(_ bytes: [UInt8]) -> Int {
        for start in max(0, bytes.count - end.count + 1)..<bytes.count where bytes[start] == end[0] {
            if bytes[start...].elementsEqual(end.prefix(bytes.count - start)) { return bytes.count - start }
        }
        return 0
    }

    private func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        while index <= haystack.count - needle.count {
            guard let start = haystack[index...].firstIndex(of: needle[0]), start <= haystack.count - needle.count else { return nil }
            if haystack[start..<start + needle.count].elementsEqual(needle) { return start }
            index = start + 1
        }
        return nil
    }
}
