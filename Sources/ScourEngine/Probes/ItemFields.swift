/// The records of one item, consumed field by field: a missing field, an invalid value or a
/// field left over at the end (one the item's kind does not define) is an error naming the item.
struct ItemFields {
    let index: Int
    let item: ProbeItem
    private var fields: [String: [UInt8]]

    init(index: Int, item: ProbeItem, fields: [String: [UInt8]]) {
        self.index = index
        self.item = item
        self.fields = fields
    }

    func invalid(_ problem: String) -> ProbeError {
        .invalidItem(index: index, item: item.summary, problem: problem)
    }

    /// An `error` record is the host's (or the renderer's) own word that the item failed.
    mutating func rejectFailure() throws {
        if let message = fields[ProbeWire.Field.error] {
            throw ProbeError.itemFailed(index: index, item: item.summary, message: String(decoding: message, as: UTF8.self))
        }
        if fields[ProbeWire.Field.unsupported] != nil {
            throw ProbeError.itemFailed(index: index, item: item.summary, message: "not supported on this platform")
        }
    }

    mutating func bytes(_ field: String) throws -> [UInt8] {
        guard let value = fields.removeValue(forKey: field) else { throw invalid("missing field \"\(field)\"") }
        return value
    }

    mutating func optionalBytes(_ field: String) -> [UInt8]? {
        fields.removeValue(forKey: field)
    }

    mutating func string(_ field: String) throws -> String {
        guard let text = String(validating: try bytes(field), as: UTF8.self) else {
            throw invalid("field \"\(field)\" is not UTF-8 text")
        }
        return text
    }

    mutating func optionalString(_ field: String) throws -> String? {
        guard fields[field] != nil else { return nil }
        return try string(field)
    }

    mutating func integer<Number: FixedWidthInteger>(_ field: String, as type: Number.Type = Number.self) throws -> Number {
        let text = try string(field)
        guard let value = Number(text), String(value) == text else { throw invalid("field \"\(field)\" is not an integer: \(text)") }
        return value
    }

    mutating func flag(_ field: String) throws -> Bool {
        switch try string(field) {
        case "1": return true
        case "0": return false
        case let other: throw invalid("field \"\(field)\" is not 0 or 1: \(other)")
        }
    }

    mutating func requireAllConsumed() throws {
        if let extra = fields.keys.sorted().first { throw invalid("unexpected field \"\(extra)\"") }
    }
}
