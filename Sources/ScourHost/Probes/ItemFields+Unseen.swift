import ScourCore

/// Reading what an item could not look at (`REASON:PATH` values, docs/probes.md).
extension ItemFields {
    /// The longest path an `unseen` value may name: PATH_MAX.
    static let unseenPathLimit = 4096

    /// The one `Unseen` of a `file` or `content` item (or a glob match's, under its prefix);
    /// one without a path is about `path`, the item's or match's own.
    package mutating func unseen(_ field: String, of path: String) throws -> Unseen? {
        guard let bytes = optionalBytes(field) else { return nil }
        let unseen = try Self.unseen(from: bytes, field: field, fields: self)
        return unseen.path == nil ? Unseen(unseen.reason, path: path) : unseen
    }

    /// The `unseen.k` list of an item that lists paths or processes: `unseen_count` says how
    /// many there were (at least one, at most `GlobContentsObservation.totalLimit`), the first
    /// `cap` travel (at most `ProbeWire.unseenListLimit`). Nil when the host sent none:
    /// everything was seen.
    package mutating func unseenList(cap: Int) throws -> (unseen: [Unseen], total: Int)? {
        typealias F = ProbeWire.Field
        guard let countBytes = optionalBytes(F.unseenCount) else { return nil }
        let countText = String(decoding: countBytes, as: UTF8.self)
        guard let total = Int(countText), String(total) == countText, (1...GlobContentsObservation.totalLimit).contains(total) else {
            throw invalid("field \"\(F.unseenCount)\" is not a count from 1 to \(GlobContentsObservation.totalLimit): \(HostText.terminal(countText))")
        }
        var unseen: [Unseen] = []
        for k in 0..<min(total, cap, ProbeWire.unseenListLimit) {
            let field = "\(F.unseen).\(k)"
            guard let bytes = optionalBytes(field) else { throw invalid("missing field \"\(field)\"") }
            unseen.append(try Self.unseen(from: bytes, field: field, fields: self))
        }
        return (unseen, total)
    }

    private static func unseen(from bytes: [UInt8], field: String, fields: ItemFields) throws -> Unseen {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw fields.invalid("field \"\(field)\" is not UTF-8 text") }
        let reasonText = text.prefix { $0 != ":" }
        guard let reason = Unseen.Reason(rawValue: String(reasonText)) else {
            throw fields.invalid("field \"\(field)\" names no reason a probe may give: \(HostText.terminal(String(reasonText)))")
        }
        guard reasonText.endIndex < text.endIndex else { return Unseen(reason) }
        let path = String(text[text.index(after: reasonText.endIndex)...])
        guard !path.isEmpty, path.utf8.count <= unseenPathLimit else {
            throw fields.invalid("field \"\(field)\" names a path that is empty or longer than \(unseenPathLimit) bytes")
        }
        return Unseen(reason, path: path)
    }
}
