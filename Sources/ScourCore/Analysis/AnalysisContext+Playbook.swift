import ScourSyntax

/// The playbook block and what it holds besides steps and detect blocks: params and rollout.
extension AnalysisContext {
    static let stepKinds = StepKinds.keywords

    func readFile(_ syntax: SyntaxFile) -> Playbook? {
        for attribute in syntax.body.attributes {
            diagnostics.error("'\(attribute.name.name)' is outside the playbook block", at: attribute.name.range,
                              help: "everything goes inside playbook \"NAME\" { … }")
        }
        var playbooks: [Block] = []
        for block in syntax.body.blocks {
            if block.kind.name == "playbook" {
                playbooks.append(block)
            } else {
                let hint = diagnostics.suggestion(for: block.kind.name, at: block.kind.range, among: ["playbook"])
                let inside = (Self.stepKinds + ["detect", "param", "rollout"]).contains(block.kind.name)
                diagnostics.error("'\(block.kind.name)' block outside the playbook block", at: block.kind.range,
                                  help: hint.help
                                      ?? (inside ? "move it inside playbook \"NAME\" { … }" : "a file holds one playbook \"NAME\" { … } block"),
                                  fixIts: hint.fixIts)
            }
        }
        guard let first = playbooks.first else {
            if syntax.body.items.isEmpty {
                diagnostics.error("the file holds no playbook", at: syntax.range, help: "a playbook starts with playbook \"NAME\" { … }")
            }
            return nil
        }
        for extra in playbooks.dropFirst() {
            diagnostics.error("a file holds one playbook; this is a second one", at: extra.kind.range,
                              notes: [.init("the first playbook is here", range: first.kind.range)], help: "put each playbook in its own file")
        }
        return readPlaybook(first)
    }

    private func readPlaybook(_ block: Block) -> Playbook? {
        let reader = BlockReader(block, diagnostics: diagnostics, attributes: ["description", "platform"],
                                 blocks: ["param", "rollout", "detect"] + Self.stepKinds)
        let name = reader.requiredLabel(example: "playbook \"codered-ii\" { … }")
        // A block of an unknown kind is a step whose keyword is misspelt (reported by the reader):
        // it is declared too, so the references to it are not reported again.
        expressions.steps = StepReferences(reader.nestedBlocks.filter { !["param", "rollout", "detect"].contains($0.kind.name) })
        let description = reader["description"].flatMap { readString($0) }
        if let attribute = reader.required("platform", help: Platform.listed { "platform = \($0.rawValue)" }) {
            platform = readKeyword(attribute, among: Platform.allCases.map(\.rawValue)).flatMap(Platform.init(rawValue:)) ?? platform
        }

        let params = uniquelyNamed(reader.blocks("param"), kind: "param") { readParam($0) }
        expressions.params = Dictionary(params.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        let rolloutBlocks = reader.blocks("rollout")
        for extra in rolloutBlocks.dropFirst() {
            diagnostics.error("a playbook has one rollout block", at: extra.kind.range,
                              notes: [.init("the first is here", range: rolloutBlocks[0].kind.range)])
        }
        let rollout = rolloutBlocks.first.map(readRollout) ?? Rollout()
        let detectBlocks = reader.blocks("detect")
        let detects = uniquelyNamed(detectBlocks, kind: "detect") { readDetect($0) }
        // Names come from the labels even where a block had errors, so references to it are not reported too.
        expressions.detects = Set(detectBlocks.compactMap { $0.label?.literalValue })

        let stepBlocks = reader.nestedBlocks.filter { Self.stepKinds.contains($0.kind.name) }
        if stepBlocks.isEmpty {
            diagnostics.error("\(reader.title) has no steps", at: block.kind.range,
                              help: "add at least one of \(BlockReader.list(Self.stepKinds))")
        }
        let firstStep = stepBlocks.first?.range
        let steps = uniquelyNamed(stepBlocks, kind: "step") { readStep($0, isFirst: $0.range == firstStep) }
        warnAboutUnused(detects: detectBlocks, params: reader.blocks("param"))
        guard let name else { return nil }
        var playbook = Playbook(name: name, description: description, platform: platform, params: params, rollout: rollout,
                                detects: detects, steps: steps, path: source.path, interpolations: interpolations)
        playbook.hostVariables = expressions.hostVariables.withoutDefault
        return playbook
    }

    /// Reads blocks whose labels must be unique among them; a duplicate is an error with a note at the first.
    private func uniquelyNamed<T>(_ blocks: [Block], kind: String, read: (Block) -> T?) -> [T] {
        var seen: [String: SourceRange] = [:]
        seen.reserveCapacity(blocks.count)
        var values: [T] = []
        values.reserveCapacity(blocks.count)
        for block in blocks {
            if let label = block.label, let name = label.literalValue {
                if let first = seen[name] {
                    diagnostics.error("duplicate \(kind) name '\(name)'", at: label.range, notes: [.init("'\(name)' is first used here", range: first)])
                    continue
                }
                seen[name] = label.range
            }
            if let value = read(block) { values.append(value) }
        }
        return values
    }

    private func warnAboutUnused(detects: [Block], params: [Block]) {
        for block in detects {
            guard let label = block.label, let name = label.literalValue, !expressions.usedDetects.contains(name) else { continue }
            diagnostics.warning("detect block '\(name)' is never used", at: label.range,
                                help: "steps act on it with when = detected.\(name); the plan reports its matches either way")
        }
        for block in params {
            guard let label = block.label, let name = label.literalValue, !expressions.usedParams.contains(name) else { continue }
            diagnostics.warning("param '\(name)' is never used", at: label.range)
        }
    }

    private func readParam(_ block: Block) -> Param? {
        let reader = BlockReader(block, diagnostics: diagnostics, attributes: ["type", "default", "description"])
        let name = reader.requiredLabel(example: "param \"disable_web\" { type = bool }", identifier: true)
        let types: [ValueType] = [.bool, .string, .number, .duration]
        guard let typeAttribute = reader.required("type", help: "type = bool, string, number or duration"),
              let type = readKeyword(typeAttribute, among: types.map(\.rawValue)).flatMap(ValueType.init(rawValue:))
        else { return nil }
        var defaultValue: Value?
        if let attribute = reader["default"] {
            guard let typed = expressions.check(attribute.value) else { return nil }
            guard case .literal(let value) = typed.condition, value.type == type else {
                diagnostics.error("the default of a \(type.rawValue) param must be a \(type.rawValue) literal", at: attribute.value.range)
                return nil
            }
            defaultValue = value
        }
        let description = reader["description"].flatMap { readString($0) }
        guard let name else { return nil }
        return Param(name: name, type: type, defaultValue: defaultValue, description: description)
    }

    private func readRollout(_ block: Block) -> Rollout {
        let reader = BlockReader(block, diagnostics: diagnostics, attributes: [
            "waves", "max_failures", "concurrency", "pause", "retries", "backoff", "step_timeout",
        ])
        reader.refuseLabel()
        var rollout = Rollout()
        if let attribute = reader["waves"], let waves = readWaves(attribute) { rollout.waves = waves }
        if let attribute = reader["max_failures"], let share = readShare(attribute.value, what: "'max_failures'") { rollout.maxFailures = share }
        if let attribute = reader["concurrency"], let value = readInteger(attribute, in: 1...10_000) { rollout.concurrency = value }
        if let attribute = reader["pause"] {
            if case .identifier("manual") = attribute.value.kind {
                rollout.pause = .manual
            } else if case .identifier = attribute.value.kind {
                _ = readKeyword(attribute, among: ["manual"])
            } else if let duration = readDuration(attribute, allowZero: true) {
                rollout.pause = .duration(duration)
            }
        }
        if let attribute = reader["retries"], let value = readInteger(attribute, in: 0...100) { rollout.retries = value }
        if let attribute = reader["backoff"], let value = readDuration(attribute) { rollout.backoff = value }
        if let attribute = reader["step_timeout"], let value = readDuration(attribute) { rollout.stepTimeout = value }
        return rollout
    }

    /// Cumulative wave sizes: never shrinking (as a share of any fleet size), ending at 100%.
    private func readWaves(_ attribute: Attribute) -> [Share]? {
        guard case .list(let items) = attribute.value.kind, !items.isEmpty else {
            if attribute.value.kind != .invalid {
                diagnostics.error("'waves' must be a non-empty list of counts and percentages", at: attribute.value.range,
                                  help: "for example waves = [1, 10%, 100%]")
            }
            return nil
        }
        let shares = items.map { readShare($0, what: "a wave") }
        guard shares.allSatisfy({ $0 != nil }) else { return nil }
        let waves = shares.map { $0! }
        for index in waves.indices.dropFirst() {
            let (previous, current) = (waves[index - 1], waves[index])
            let shrinks: Bool
            switch (previous, current) {
            case (.count(let a), .count(let b)): shrinks = b <= a
            case (.percent(let a), .percent(let b)): shrinks = b <= a
            case (.percent, .count): shrinks = true
            case (.count, .percent): shrinks = false
            }
            if shrinks {
                diagnostics.error("waves are cumulative: each must reach further than the one before", at: items[index].range,
                                  notes: [.init("the previous wave", range: items[index - 1].range)],
                                  help: "[1, 10%, 100%] means 1 host, then up to 10% of the hosts, then all")
                return nil
            }
        }
        guard case .percent(100) = waves.last else {
            diagnostics.error("the last wave must be 100%, or some hosts would never be worked on", at: items.last!.range,
                              fixIts: [.init(range: items.last!.range, replacement: "100%")])
            return nil
        }
        return waves
    }
}
