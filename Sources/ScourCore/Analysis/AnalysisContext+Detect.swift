import ScourSyntax

/// `detect` blocks and their indicators.
extension AnalysisContext {
    static let indicatorKinds = ["file", "content", "process", "mapping", "command"]

    func readDetect(_ block: Block) -> DetectBlock? {
        let reader = BlockReader(block, diagnostics: diagnostics, attributes: ["match"], blocks: Self.indicatorKinds)
        let name = reader.requiredLabel(example: "detect \"codered_ii\" { … }", identifier: true)
        var match = DetectBlock.Match.any
        if let attribute = reader["match"] {
            match = readKeyword(attribute, among: ["any", "all"]).flatMap(DetectBlock.Match.init(rawValue:)) ?? match
        }
        let indicatorBlocks = reader.nestedBlocks.filter { Self.indicatorKinds.contains($0.kind.name) }
        if indicatorBlocks.isEmpty {
            diagnostics.error("\(reader.title) has no indicators", at: block.kind.range,
                              help: "add at least one of \(BlockReader.list(Self.indicatorKinds))")
        }
        let indicators = indicatorBlocks.map(readIndicator)
        guard let name, indicators.allSatisfy({ $0 != nil }) else { return nil }
        return DetectBlock(name: name, match: match, indicators: indicators.map { $0! })
    }

    /// One indicator block (a detect block's, an assert's).
    func readIndicator(_ block: Block) -> Indicator? {
        switch block.kind.name {
        case "file":
            let reader = BlockReader(block, diagnostics: diagnostics, attributes: ["path", "sha256"])
            reader.refuseLabel()
            let path = reader.required("path").flatMap(readPath)
            var digest: String?
            if let attribute = reader["sha256"] {
                guard let value = readSHA256(attribute) else { return nil }
                digest = value
            }
            guard let path else { return nil }
            return .file(path: path, sha256: digest)
        case "content":
            let reader = BlockReader(block, diagnostics: diagnostics, attributes: ["path", "pattern", "max_matches"])
            reader.refuseLabel()
            let path = reader.required("path").flatMap(readPath)
            let pattern = reader.required("pattern").flatMap(readPattern)
            var valid = true
            let maxMatches = readOptional(reader["max_matches"], &valid) { readInteger($0, in: 1...10_000) }
            let isGlob = path.map(PathRules.hasGlob) ?? false
            if let path, isGlob, reader["max_matches"] == nil {
                diagnostics.error("'\(path)' is a glob; set max_matches to say how many files it may search on a host", at: reader["path"]!.value.range,
                                  help: "max_matches = 200 (with more paths than that, and none of those searched matching, the host cannot be planned)")
                valid = false
            } else if path != nil, !isGlob, let attribute = reader["max_matches"] {
                diagnostics.warning("max_matches has no effect: the path is not a glob", at: attribute.name.range)
            }
            guard let path, let pattern, valid else { return nil }
            return .content(path: path, pattern: pattern, maxMatches: isGlob ? maxMatches : nil)
        case "process":
            return readProcessIndicator(block)
        case "mapping":
            let reader = BlockReader(block, diagnostics: diagnostics, attributes: ["server", "config", "site", "alias", "handler"])
            reader.refuseLabel()
            let target = readMappingTarget(reader)
            let alias = reader["alias"].flatMap { attribute in readString(attribute).flatMap { checkedAlias($0, at: attribute.value.range) } }
            let handler = reader["handler"].flatMap { attribute in readString(attribute).flatMap { checkedHandler($0, at: attribute.value.range) } }
            if reader["alias"] == nil && reader["handler"] == nil {
                diagnostics.error("a mapping indicator needs 'alias' or 'handler'", at: block.kind.range, help: "alias = \"/c\" or handler = \".ida\"")
                return nil
            }
            guard let target, (alias != nil) == (reader["alias"] != nil), (handler != nil) == (reader["handler"] != nil) else { return nil }
            return .mapping(target, alias: alias, handler: handler)
        case "command":
            let reader = BlockReader(block, diagnostics: diagnostics, attributes: ["run", "expect_exit"])
            reader.refuseLabel()
            let run = reader.required("run").flatMap(readTemplate)
            var expectExit = 0
            if let attribute = reader["expect_exit"] {
                guard let value = readInteger(attribute, in: 0...255) else { return nil }
                expectExit = value
            }
            guard let run else { return nil }
            return .command(run: run, expectExit: expectExit)
        default:
            return nil
        }
    }

    /// `process { name, executable, command_line }`: the criteria of `kill_process`, at least one.
    private func readProcessIndicator(_ block: Block) -> Indicator? {
        let reader = BlockReader(block, diagnostics: diagnostics, attributes: ["name", "executable", "command_line"])
        reader.refuseLabel()
        var valid = true
        let name = readOptional(reader["name"], &valid) { KillProcess.readProcessName($0, in: self) }
        let executable = readOptional(reader["executable"], &valid) { readPath($0) }
        let commandLine = readOptional(reader["command_line"], &valid) { readPattern($0) }
        if reader["name"] == nil && reader["executable"] == nil && reader["command_line"] == nil {
            diagnostics.error("a process indicator needs 'name', 'executable' or 'command_line'", at: block.kind.range,
                              help: "name = \"kworkerds\" or executable = '/opt/.kworker/kworkerds'; each one given must match")
            return nil
        }
        guard valid else { return nil }
        return .process(name: name, executable: executable, commandLine: commandLine)
    }
}
