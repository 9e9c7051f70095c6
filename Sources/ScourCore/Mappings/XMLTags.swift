/// Just enough XML for applicationHost.config: the tags of a document in order, with their
/// attributes and byte spans, so an edit can cut elements out and leave every other byte as
/// it was. Comments, processing instructions, CDATA and DOCTYPE are skipped.
struct XMLTags {
    struct Tag {
        enum Kind { case open, close, empty }
        var kind: Kind
        var name: String
        var attributes: [String: String]
        /// Byte offsets of `<` and one past `>` in the document's UTF-8.
        var start: Int
        var end: Int
    }

    let bytes: [UInt8]
    private(set) var tags: [Tag] = []
    /// Each open tag's matching close tag, by index (`closing(of:)`).
    private var closes: [Int: Int] = [:]
    /// Byte offset where each line starts (`line(of:)`).
    private var lineStarts: [Int] = [0]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var index = 0
        while let open = next(UInt8(ascii: "<"), from: index) {
            if matches("<!--", at: open) {
                index = find("-->", from: open + 4).map { $0 + 3 } ?? bytes.count
            } else if matches("<![CDATA[", at: open) {
                index = find("]]>", from: open + 9).map { $0 + 3 } ?? bytes.count
            } else if matches("<?", at: open) || matches("<!", at: open) {
                index = next(UInt8(ascii: ">"), from: open).map { $0 + 1 } ?? bytes.count
            } else {
                guard let close = tagEnd(from: open + 1) else { break }
                tags.append(parseTag(bytes[(open + 1)..<close], start: open, end: close + 1))
                index = close + 1
            }
        }
        closes = Self.matchingCloses(tags)
        for (offset, byte) in bytes.enumerated() where byte == 0x0A { lineStarts.append(offset + 1) }
    }

    /// Open and close tags of one name paired as they nest, in one pass with a stack per name.
    private static func matchingCloses(_ tags: [Tag]) -> [Int: Int] {
        var closes: [Int: Int] = [:]
        var open: [String: [Int]] = [:]
        for (index, tag) in tags.enumerated() {
            switch tag.kind {
            case .open: open[tag.name, default: []].append(index)
            case .close: if let opening = open[tag.name]?.popLast() { closes[opening] = index }
            case .empty: break
            }
        }
        return closes
    }

    /// The index of the close tag matching the open tag at `index` (same name, nesting counted).
    func closing(of index: Int) -> Int? {
        tags[index].kind == .open ? closes[index] : index
    }

    /// The 0-based line holding byte `offset`.
    func line(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1  // the last start at or before offset
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Where 0-based `line` starts: the end of the document past the last line.
    func lineStart(_ line: Int) -> Int {
        line < lineStarts.count ? lineStarts[line] : bytes.count
    }

    private func next(_ byte: UInt8, from index: Int) -> Int? {
        var position = index
        while position < bytes.count {
            if bytes[position] == byte { return position }
            position += 1
        }
        return nil
    }

    private func matches(_ literal: String, at index: Int) -> Bool {
        let pattern = literal.utf8
        return index + pattern.count <= bytes.count && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
    }

    private func find(_ literal: String, from index: Int) -> Int? {
        var position = index
        while position < bytes.count {
            if matches(literal, at: position) { return position }
            position += 1
        }
        return nil
    }

    /// The `>` ending a tag, skipping `>` inside quoted attribute values.
    private func tagEnd(from index: Int) -> Int? {
        var quote: UInt8?
        var position = index
        while position < bytes.count {
            let byte = bytes[position]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return position
            }
            position += 1
        }
        return nil
    }

    private func parseTag(_ inner: ArraySlice<UInt8>, start: Int, end: Int) -> Tag {
        var text = String(decoding: inner, as: UTF8.self)
        var kind = Tag.Kind.open
        if text.hasPrefix("/") { kind = .close; text.removeFirst() }
        if text.hasSuffix("/") { kind = .empty; text.removeLast() }
        let name = String(text.prefix { !$0.isWhitespace })
        var attributes: [String: String] = [:]
        var rest = text.dropFirst(name.count)[...]
        while true {
            rest = rest.drop { $0.isWhitespace }
            let key = rest.prefix { $0 != "=" && !$0.isWhitespace }
            guard !key.isEmpty else { break }
            rest = rest.dropFirst(key.count).drop { $0.isWhitespace }
            guard rest.first == "=" else { break }
            rest = rest.dropFirst().drop { $0.isWhitespace }
            guard let quote = rest.first, quote == "\"" || quote == "'" else { break }
            let value = rest.dropFirst().prefix { $0 != quote }
            attributes[String(key)] = Self.unescape(String(value))
            rest = rest.dropFirst(value.count + 2)
        }
        return Tag(kind: kind, name: name, attributes: attributes, start: start, end: end)
    }

    private static func unescape(_ value: String) -> String {
        value.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
