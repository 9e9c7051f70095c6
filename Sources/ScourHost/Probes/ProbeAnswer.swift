import Foundation

/// Reads a probe script's stdout back into a `HostObservation`, strictly: every item must be
/// answered with exactly the fields its kind defines, each once, in a frame carrying the
/// request's nonce and the right record count. Anything else throws `ProbeError`.
public enum ProbeAnswer {
    public static func parse(stdout: [UInt8], items: [ProbeItem], nonce: String) throws -> HostObservation {
        let lines = try framedLines(stdout)
        try checkHeader(text(lines[0]), nonce: nonce)
        let announced = try checkTrailer(text(lines[lines.count - 1]), nonce: nonce, line: lines.count)
        let received = lines.count - 2
        guard announced == received else { throw ProbeError.recordCountMismatch(announced: announced, received: received) }

        var records = Array(repeating: [String: [UInt8]](), count: items.count)
        for (offset, line) in lines.dropFirst().dropLast().enumerated() {
            let lineNumber = offset + 2
            let record = try ProbeRecord(line: text(line), lineNumber: lineNumber, itemCount: items.count)
            guard records[record.index][record.field] == nil else {
                throw ProbeError.malformedLine(line: lineNumber, problem: "duplicate field \"\(record.field)\" for item \(record.index)")
            }
            records[record.index][record.field] = record.value
        }

        var observation = HostObservation()
        for (index, item) in items.enumerated() {
            var fields = ItemFields(index: index, item: item, fields: records[index])
            // Handed over, not shared: each value is freed as it is read (a glob's files one at a time).
            records[index] = [:]
            try fields.rejectFailure()
            try observation.record(item, from: &fields)
            try fields.requireAllConsumed()
        }
        return observation
    }

    /// Splits into lines, each without its `\n` (and a `\r` before it, as Windows may send);
    /// requires at least a header and a trailer and a final newline. The lines are slices of
    /// `stdout`, made text one at a time (`text`): an answer at its cap is not copied whole.
    private static func framedLines(_ stdout: [UInt8]) throws -> [ArraySlice<UInt8>] {
        guard !stdout.isEmpty else { throw ProbeError.truncated("the host printed nothing") }
        guard stdout.last == UInt8(ascii: "\n") else { throw ProbeError.truncated("the output does not end with a newline") }
        // Split bytes, not Characters: Swift reads "\r\n" as one Character.
        let rawLines = stdout.dropLast().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let lines = try rawLines.enumerated().map { offset, raw in
            let line = raw.last == UInt8(ascii: "\r") ? raw.dropLast() : raw
            // The protocol is ASCII; anything else is not one of its lines.
            guard line.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else {
                throw ProbeError.malformedLine(line: offset + 1, problem: "not printable ASCII")
            }
            return line
        }
        guard lines.count >= 2 else { throw ProbeError.truncated("no trailer after the header") }
        return lines
    }

    private static func text(_ line: ArraySlice<UInt8>) -> Substring { Substring(decoding: line, as: UTF8.self) }

    private static func checkHeader(_ line: Substring, nonce: String) throws {
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == ProbeWire.headerTag else {
            throw ProbeError.malformedLine(line: 1, problem: "expected the header \"\(ProbeWire.headerTag) \(ProbeWire.version) <nonce>\"")
        }
        guard parts[1] == String(ProbeWire.version) else { throw ProbeError.unsupportedVersion(String(parts[1])) }
        guard parts[2] == nonce else { throw ProbeError.wrongNonce(expected: nonce, found: String(parts[2])) }
    }

    private static func checkTrailer(_ line: Substring, nonce: String, line lineNumber: Int) throws -> Int {
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == ProbeWire.trailerTag else {
            throw ProbeError.truncated("the last line is not the trailer \"\(ProbeWire.trailerTag) <nonce> <count>\"")
        }
        guard parts[1] == nonce else { throw ProbeError.wrongNonce(expected: nonce, found: String(parts[1])) }
        guard let count = Int(parts[2]), count >= 0, String(count) == parts[2] else {
            throw ProbeError.malformedLine(line: lineNumber, problem: "the trailer's record count is not a number")
        }
        return count
    }
}

/// One `<index> <field> <base64>` or `<index> <field> =<plain value>` line.
private struct ProbeRecord {
    package var index: Int
    package var field: String
    package var value: [UInt8]

    package init(line: Substring, lineNumber: Int, itemCount: Int) throws {
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw ProbeError.malformedLine(line: lineNumber, problem: "expected \"<index> <field> <base64>\", found \(parts.count) space-separated parts")
        }
        guard let index = Int(parts[0]), String(index) == parts[0], index >= 0 else {
            throw ProbeError.malformedLine(line: lineNumber, problem: "the item index is not a number")
        }
        guard index < itemCount else {
            throw ProbeError.malformedLine(line: lineNumber, problem: "item index \(index) out of range (\(itemCount) items)")
        }
        guard !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_" || $0 == ".") }) else {
            throw ProbeError.malformedLine(line: lineNumber, problem: "invalid field name")
        }
        self.index = index
        self.field = String(parts[1])
        if parts[2].first == "=" {
            // A plain value: only characters that can never frame or forge anything.
            let raw = parts[2].dropFirst()
            guard raw.allSatisfy(ProbeWire.isPlainValueCharacter) else {
                throw ProbeError.malformedLine(line: lineNumber, problem: "the plain value of \"\(parts[1])\" has a character outside [A-Za-z0-9._:@/+-]")
            }
            value = Array(raw.utf8)
        } else {
            guard let decoded = Data(base64Encoded: String(parts[2])) else {
                throw ProbeError.malformedLine(line: lineNumber, problem: "the value of \"\(parts[1])\" is not valid base64")
            }
            value = Array(decoded)
        }
    }
}
