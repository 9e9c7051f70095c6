import ScourSyntax

/// `strip_mappings`: the worm's URL aliases and handler mappings removed from a web server's
/// configuration, backed up first, replaced atomically, optionally validated.
public struct StripMappings: StepAction, StepReading {
    public static let keyword = "strip_mappings"
    static let attributes = ["server", "config", "site", "aliases", "handlers", "validate"]

    public var target: MappingTarget
    /// URL paths mapped to the file system (`/c`).
    public var aliases: [String]
    /// Handler extensions (`.ida`).
    public var handlers: [String]
    /// Run after the edit; failing restores the original.
    public var validate: Template?

    public init(target: MappingTarget, aliases: [String], handlers: [String], validate: Template?) {
        self.target = target
        self.aliases = aliases
        self.handlers = handlers
        self.validate = validate
    }

    public var explanation: [String] {
        var what: [String] = []
        if !aliases.isEmpty { what.append("the mappings of \(aliases.joined(separator: ", "))") }
        if !handlers.isEmpty { what.append("the handlers for \(handlers.joined(separator: ", "))") }
        var lines = ["remove \(what.joined(separator: " and ")) from the \(target.words),", "backed up first and replaced atomically"]
        if let validate { lines.append("then validate with `\(validate)`; on failure the original is put back") }
        return lines
    }

    public func resolvingStrings(_ resolve: (String) -> String) -> StripMappings {
        StripMappings(target: target.resolvingStrings(resolve), aliases: aliases, handlers: handlers, validate: validate)
    }

    static func read(_ reader: BlockReader, in context: AnalysisContext, timeout: Duration?) -> StripMappings? {
        let target = context.readMappingTarget(reader)
        let aliases = context.readList(reader["aliases"], check: context.checkedAlias)
        let handlers = context.readList(reader["handlers"], check: context.checkedHandler)
        if reader["aliases"] == nil && reader["handlers"] == nil {
            context.diagnostics.error("\(reader.title) needs 'aliases' or 'handlers'", at: reader.block.kind.range,
                                      help: "aliases = [\"/c\", \"/d\"] or handlers = [\".ida\", \".idq\"]")
            return nil
        }
        var valid = true
        let validate = context.readOptional(reader["validate"], &valid, context.readTemplate)
        guard let target, let aliases, let handlers, valid else { return nil }
        return StripMappings(target: target, aliases: aliases, handlers: handlers, validate: validate)
    }
}
