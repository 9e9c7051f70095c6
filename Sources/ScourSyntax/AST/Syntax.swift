/// A parsed `.scour` file: generic HCL-like structure. The parser knows no block kinds;
/// ScourCore gives them meaning.
public struct SyntaxFile: Sendable, Hashable {
    public var body: Body
    /// Every comment of the file in source order (the formatter puts them back).
    public var comments: [Comment]
    public var range: SourceRange
    public init(body: Body, comments: [Comment], range: SourceRange) {
        self.body = body
        self.comments = comments
        self.range = range
    }
}

/// A `#` or `//` comment; `text` includes the marker.
public struct Comment: Sendable, Hashable {
    public var text: String
    public var range: SourceRange
    public init(text: String, range: SourceRange) {
        self.text = text
        self.range = range
    }
}

/// The contents of a file or of a block's braces.
public struct Body: Sendable, Hashable {
    public var items: [BodyItem]
    public var range: SourceRange
    public init(items: [BodyItem], range: SourceRange) {
        self.items = items
        self.range = range
    }

    public var attributes: [Attribute] {
        items.compactMap { if case .attribute(let attribute) = $0 { attribute } else { nil } }
    }

    public var blocks: [Block] {
        items.compactMap { if case .block(let block) = $0 { block } else { nil } }
    }
}

public enum BodyItem: Sendable, Hashable {
    case attribute(Attribute)
    case block(Block)

    public var range: SourceRange {
        switch self {
        case .attribute(let attribute): attribute.range
        case .block(let block): block.range
        }
    }
}

/// `kind "label" { body }`.
public struct Block: Sendable, Hashable {
    public var kind: Identifier
    public var label: StringLiteral?
    public var body: Body
    public var range: SourceRange
    public init(kind: Identifier, label: StringLiteral?, body: Body, range: SourceRange) {
        self.kind = kind
        self.label = label
        self.body = body
        self.range = range
    }
}

/// `name = value`.
public struct Attribute: Sendable, Hashable {
    public var name: Identifier
    public var value: Expression
    public var range: SourceRange
    public init(name: Identifier, value: Expression, range: SourceRange) {
        self.name = name
        self.value = value
        self.range = range
    }
}

public struct Identifier: Sendable, Hashable {
    public var name: String
    public var range: SourceRange
    public init(name: String, range: SourceRange) {
        self.name = name
        self.range = range
    }
}
