import ScourSyntax

/// `assert`: a condition that must hold on the host when the step is reached, never a change.
/// It holds, or the host fails there (its later steps are not run). What `run` would otherwise
/// be misused for: a check that counts as a change and cannot be judged in the plan.
public struct Assert: StepAction, StepReading {
    /// What must hold.
    public enum Claim: Sendable, Hashable {
        /// Every indicator is absent (matches nothing), or, with `.present`, every one matches —
        /// the indicators of a `detect` block, probed the same way.
        case indicators([Indicator], expect: Expectation)
        /// A condition over the detect blocks, as a `when` reads it (`!detected.codered_ii`),
        /// their indicators judged on the host as it is when the step is reached.
        case condition(Condition)
        /// The command exits 0.
        case command(Template)
    }

    public enum Expectation: String, Sendable, Hashable {
        /// No indicator matches.
        case absent
        /// Every indicator matches.
        case present
    }

    public static let keyword = "assert"
    static let attributes = ["expect", "that", "command"]
    /// The indicators an assert takes. A detect block's `command { run = … }` is read here only
    /// to say that an assert's command is its `command` attribute.
    static let blocks = indicatorBlocks + ["command"]
    static let indicatorBlocks = ["file", "content", "process", "mapping"]

    public var claim: Claim

    public init(_ claim: Claim) { self.claim = claim }

    public var explanation: [String] {
        switch claim {
        case .indicators(let indicators, let expect):
            [expect == .absent ? "check that none of these holds (else the host fails here):" : "check that each of these holds (else the host fails here):"]
                + indicators.map { "  \($0.words)" }
        case .condition(let condition):
            ["check that \(condition.words), its detect blocks judged again on the host as it is then (else the host fails here)"]
        case .command(let command): ["check that `\(command)` exits 0 (else the host fails here)"]
        }
    }

    public func resolvingStrings(_ resolve: (String) -> String) -> Assert {
        guard case .indicators(let indicators, let expect) = claim else { return self }
        return Assert(.indicators(indicators.map { $0.resolvingStrings(resolve) }, expect: expect))
    }

    static func read(_ reader: BlockReader, in context: AnalysisContext, timeout: Duration?) -> Assert? {
        let given = [reader["that"] != nil, reader["command"] != nil, !reader.nestedBlocks.isEmpty].filter { $0 }.count
        guard given == 1 else {
            context.diagnostics.error(
                given == 0 ? "\(reader.title) says nothing to check" : "\(reader.title) takes one of 'that', 'command' and indicator blocks",
                at: reader.block.kind.range,
                help: "file { path = '/opt/x' } (absent unless expect = present), that = !detected.NAME, or command = \"…\" (must exit 0)")
            return nil
        }
        var valid = true
        let expect = context.readOptional(reader["expect"], &valid) {
            context.readKeyword($0, among: ["absent", "present"]).flatMap(Expectation.init(rawValue:))
        }
        if let attribute = reader["expect"], reader.nestedBlocks.isEmpty {
            context.diagnostics.error("'expect' applies to indicator blocks only", at: attribute.name.range,
                                      help: "'that' is a condition and 'command' must exit 0: neither takes 'expect'")
            valid = false
        }
        for block in reader.blocks("command") {
            context.diagnostics.error("an assert's command is its 'command' attribute, which must exit 0", at: block.kind.range,
                                      help: "command = \"…\"; a detect block's command indicator takes expect_exit")
            valid = false
        }
        let claim: Claim?
        if let attribute = reader["that"] {
            claim = readCondition(attribute, in: context).map(Claim.condition)
        } else if let attribute = reader["command"] {
            claim = context.readTemplate(attribute).map(Claim.command)
        } else {
            let indicators = reader.nestedBlocks.filter { indicatorBlocks.contains($0.kind.name) }.map(context.readIndicator)
            // No indicator left: only blocks of other kinds, reported by the reader.
            let read = !indicators.isEmpty && indicators.allSatisfy { $0 != nil }
            claim = read ? .indicators(indicators.map { $0! }, expect: expect ?? .absent) : nil
        }
        guard let claim, valid else { return nil }
        return Assert(claim)
    }

    /// `that`: a boolean, as a `when` is.
    private static func readCondition(_ attribute: Attribute, in context: AnalysisContext) -> Condition? {
        guard let typed = context.expressions.check(attribute.value) else { return nil }
        guard typed.type == .bool else {
            context.diagnostics.error("'that' must be a condition (true or false), but this is a \(typed.type.rawValue)",
                                      at: attribute.value.range, help: "for example that = !detected.codered_ii")
            return nil
        }
        return typed.condition
    }
}
