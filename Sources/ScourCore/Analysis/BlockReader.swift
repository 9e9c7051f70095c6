import ScourSyntax

/// One block's attributes and nested blocks, checked against what the block kind allows:
/// unknown names (with "did you mean"), duplicates (with a note at the first) and, on request,
/// missing required attributes are reported once, here.
struct BlockReader {
    let block: Block
    let diagnostics: DiagnosticLog
    /// The allowed attributes set, each once; a few per block, so a list is faster than hashing.
    private var attributes: [Attribute] = []
    /// The nested blocks, kept once: `Body.blocks` builds a new array on each use.
    private(set) var nestedBlocks: [Block] = []

    /// A description of the block for messages: `remove_files "backdoors"`.
    var title: String { block.label?.literalValue.map { "\(block.kind.name) \"\($0)\"" } ?? block.kind.name }

    init(_ block: Block, diagnostics: DiagnosticLog, attributes allowed: [String], blocks allowedBlocks: [String] = []) {
        self.block = block
        self.diagnostics = diagnostics
        for item in block.body.items {
            switch item {
            case .block(let block): nestedBlocks.append(block)
            case .attribute(let attribute): read(attribute, allowed: allowed)
            }
        }
        for nested in nestedBlocks where !allowedBlocks.contains(nested.kind.name) {
            let name = nested.kind.name
            if allowedBlocks.isEmpty {
                diagnostics.error("\(block.kind.name) takes no nested blocks, found '\(name)'", at: nested.kind.range)
            } else {
                let hint = diagnostics.suggestion(for: name, at: nested.kind.range, among: allowedBlocks)
                diagnostics.error("unknown block '\(name)' in \(block.kind.name)", at: nested.kind.range,
                                  help: hint.help ?? "\(block.kind.name) takes \(Self.list(allowedBlocks)) blocks", fixIts: hint.fixIts)
            }
        }
    }

    private mutating func read(_ attribute: Attribute, allowed: [String]) {
        let name = attribute.name.name
        guard allowed.contains(name) else {
            let hint = diagnostics.suggestion(for: name, at: attribute.name.range, among: allowed)
            diagnostics.error("unknown attribute '\(name)' in \(block.kind.name)", at: attribute.name.range,
                              help: hint.help ?? "\(block.kind.name) takes \(Self.list(allowed))", fixIts: hint.fixIts)
            return
        }
        if let first = self[name] {
            diagnostics.error("'\(name)' is set twice in \(title)", at: attribute.name.range,
                              notes: [.init("first set here", range: first.name.range)])
            return
        }
        attributes.append(attribute)
    }

    subscript(name: String) -> Attribute? { attributes.first { $0.name.name == name } }

    /// The attribute, or an error at the block's kind when it is missing.
    func required(_ name: String, help: String? = nil) -> Attribute? {
        if let attribute = self[name] { return attribute }
        diagnostics.error("\(title) needs '\(name)'", at: block.kind.range, help: help)
        return nil
    }

    func blocks(_ kind: String) -> [Block] { nestedBlocks.filter { $0.kind.name == kind } }

    /// The block's label, or an error when it has none.
    /// `identifier` names (params, detect blocks) are referred to as `param.X` and `detected.X`,
    /// so they may not hold '-'.
    func requiredLabel(example: String, identifier: Bool = false) -> String? {
        guard let label = block.label else {
            diagnostics.error("\(block.kind.name) needs a name", at: block.kind.range, help: "write it as \(example)")
            return nil
        }
        guard let text = label.literalValue, !text.isEmpty else {
            diagnostics.error("the name of a \(block.kind.name) must be plain text", at: label.range)
            return nil
        }
        // ASCII letters, digits, '_' (and '-'), checked on bytes: a non-ASCII byte fails.
        let isNameByte = { (byte: UInt8) in byte.isASCIILetter || byte.isASCIIDigit || byte == UInt8(ascii: "_")
            || (!identifier && byte == UInt8(ascii: "-")) }
        guard let first = text.utf8.first, first.isASCIILetter || first == UInt8(ascii: "_"), text.utf8.allSatisfy(isNameByte)
        else {
            diagnostics.error("invalid \(block.kind.name) name '\(text)'", at: label.range,
                              help: identifier
                                  ? "use letters, digits and '_', starting with a letter" : "use letters, digits, '_' and '-', starting with a letter")
            return nil
        }
        return text
    }

    /// A block kind that takes no label must not have one.
    func refuseLabel() {
        if let label = block.label {
            diagnostics.error("\(block.kind.name) takes no name", at: label.range,
                              fixIts: [.init(range: label.range, replacement: "")])
        }
    }

    /// `'a', 'b' and 'c'` (or `… or 'c'`).
    static func list(_ names: [String], or: Bool = false) -> String {
        names.count == 1 ? "'\(names[0])'"
            : names.dropLast().map { "'\($0)'" }.joined(separator: ", ") + (or ? " or '" : " and '") + "\(names.last!)'"
    }
}

extension UInt8 {
    var isASCIILetter: Bool { (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }
    var isASCIIDigit: Bool { (0x30...0x39).contains(self) }
}
