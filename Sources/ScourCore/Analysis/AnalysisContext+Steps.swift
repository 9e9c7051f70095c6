import ScourSyntax

/// Step blocks: what every step takes, and what the step kinds that bound globs share.
extension AnalysisContext {
    /// Attributes every step takes.
    static let commonStepAttributes = ["when", "retries", "timeout"]
    /// The attributes of each step kind, common ones included (built once, not per step).
    static let stepAttributes: [String: [String]] = Dictionary(
        uniqueKeysWithValues: StepKinds.all.map { ($0.keyword, commonStepAttributes + $0.attributes) })

    /// A step block whose kind is one of `StepKinds`: the common attributes here, the kind's own
    /// in its file.
    func readStep(_ block: Block, isFirst: Bool) -> Step? {
        guard let kind = StepKinds.named(block.kind.name) else { return nil }
        let reader = BlockReader(block, diagnostics: diagnostics, attributes: Self.stepAttributes[kind.keyword]!, blocks: kind.blocks)
        let name = reader.requiredLabel(example: "\(kind.keyword) \"NAME\" { … }")
        var valid = true
        let when = readOptional(reader["when"], &valid) { expressions.condition($0.value) }
        if isFirst, case .changed? = when {
            diagnostics.warning("'changed' is never true on the first step: no earlier step can have changed the host",
                                at: reader["when"]!.value.range)
        }
        let retries = readOptional(reader["retries"], &valid) { readInteger($0, in: 0...100) }
        let timeout = readOptional(reader["timeout"], &valid) { readDuration($0) }
        let action = kind.read(reader, in: self, timeout: timeout)
        guard let name, let action, valid else { return nil }
        return Step(name: name, when: when, retries: retries, timeout: timeout, action: action)
    }

    /// The `paths` of a step whose globs `max_matches` bounds (`remove_files`, `remove_lines`):
    /// each literal path checked by `problem`, a glob only with `max_matches` (`verb` says what
    /// the step does to the files a glob matches), and `max_matches` warned about when no path
    /// is, or may resolve to, a glob. False when an error was reported.
    func checkGlobbedPaths(
        _ paths: [String], at ranges: [SourceRange], in reader: BlockReader, verb: String, problem: (String) -> String?,
        problemHelp: String? = nil, unusedHelp: String? = nil
    ) -> Bool {
        var valid = true
        for (path, range) in zip(paths, ranges) where !isInterpolated(path) {
            if let problem = problem(path) {
                diagnostics.error(problem, at: range, help: problemHelp)
                valid = false
            } else if PathRules.hasGlob(path) && reader["max_matches"] == nil {
                diagnostics.error("'\(path)' is a glob; set max_matches to say how many files it may \(verb) on a host", at: range,
                                  help: "paths are exact unless max_matches bounds what a glob may match")
                valid = false
            }
        }
        if let attribute = reader["max_matches"], !paths.contains(where: { PathRules.hasGlob($0) || isInterpolated($0) }) {
            diagnostics.warning("max_matches has no effect: no path is a glob", at: attribute.name.range, help: unusedHelp)
        }
        return valid
    }

    /// An optional list attribute whose items are checked one by one; absent means empty.
    func readList(_ attribute: Attribute?, check: (String, SourceRange) -> String?) -> [String]? {
        guard let attribute else { return [] }
        guard let values = readStringList(attribute), case .list(let items) = attribute.value.kind else { return nil }
        let checked = zip(values, items).map { check($0, $1.range) }
        return checked.allSatisfy { $0 != nil } ? checked.map { $0! } : nil
    }
}
