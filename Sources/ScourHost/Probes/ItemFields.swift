/// The records of one item, consumed field by field: a missing field, an invalid value or a
/// field left over at the end (one the item's kind does not define) is an error naming the item.
package struct ItemFields {
    package let index: Int
    package let item: ProbeItem
    private var fields: [String: [UInt8]]

    package init(index: Int, item: ProbeItem, fields: [String: [UInt8]]) {
        self.index = index
        self.item = item
        self.fields = fields
    }

    package func invalid(_ problem: String) -> ProbeError {
        .invalidItem(index: index, item: item.summary, problem: problem)
    }

    /// An `error` record is the host's (or the renderer's) own word that the item failed.
    package mutating func rejectFailure() throws {
        if let message = fields[ProbeWire.Field.error] {
            throw ProbeError.itemFailed(index: index, item: item.summary, message: String(decoding: message, as: UTF8.self))
        }
        if fields[ProbeWire.Field.unsupported] != nil {
            throw ProbeError.itemFailed(index: index, item: item.summary, message: "not supported on this platform")
        }
    }

    package mutating func bytes(_ field: String) throws -> [UInt8] {
        guard let value = fields.removeValue(forKey: field) else { throw invalid("missing field \"\(field)\"") }
        return value
    }

    package mutating func optionalBytes(_ field: String) -> [UInt8]? {
        fields.removeValue(forKey: field)
    }

    package mutating func string(_ field: String) throws -> String {
        guard let text = String(validating: try bytes(field), as: UTF8.self) else {
            throw invalid("field \"\(field)\" is not UTF-8 text")
        }
        return text
    }

    package mutating func optionalString(_ field: String) throws -> String? {
        guard fields[field] != nil else { return nil }
        return try string(field)
    }

    package mutating func integer<Number: FixedWidthInteger>(_ field: String, as type: Number.Type = Number.self) throws -> Number {
        let text = try string(field)
        guard let value = Number(text), String(value) == text else { throw invalid("field \"\(field)\" is not an integer: \(text)") }
        return value
    }

    /// Host text sent cut to `limit` bytes, or to `limit` characters by PowerShell, plus one
    /// to tell a cut: refused beyond what that can take (`slack` more bytes for what the host
    /// sends before the limit applies), kept to `limit` UTF-8 bytes at a character boundary.
    /// Returns the text and whether it was cut.
    package mutating func boundedText(_ field: String, limit: Int, slack: Int = 0) throws -> (text: String, isCut: Bool) {
        let bytes = try bytes(field)
        guard bytes.count <= 4 * (limit + 1 + slack) else { throw invalid("field \"\(field)\" has \(bytes.count) bytes, far more than the \(limit) asked") }
        return String(decoding: bytes, as: UTF8.self).utf8Prefix(limit)
    }

    /// A short value the host describes itself with (a user, a start time): refused beyond
    /// `limit` bytes.
    package mutating func shortString(_ field: String, limit: Int = 1024) throws -> String {
        let text = try string(field)
        guard text.utf8.count <= limit else { throw invalid("field \"\(field)\" is longer than \(limit) bytes") }
        return text
    }

    package mutating func flag(_ field: String) throws -> Bool {
        switch try string(field) {
        case "1": return true
        case "0": return false
        case let other: throw invalid("field \"\(field)\" is not 0 or 1: \(other)")
        }
    }

    package mutating func requireAllConsumed() throws {
        if let extra = fields.keys.sorted().first { throw invalid("unexpected field \"\(extra)\"") }
    }
}
