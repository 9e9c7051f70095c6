import Foundation
import ScourSyntax

extension AnalysisContext {
    static let indicatorKinds = ["file", "content", "process", "mapping", "command"]

    func readDetect(_ block: Block) -> DetectBlock? {
        let reader = BlockReader(block, context: self, attributes: ["match"], blocks: Self.indicatorKinds)
        let name = reader.requiredLabel(example: "detect \"codered_ii\" { … }", identifier: true)
        var match = DetectBlock.Match.any
        if let attribute = reader["match"] {
            match = readKeyword(attribute, among: ["any", "all"]).flatMap(DetectBlock.Match.init(rawValue:)) ?? match
        }
        let indicatorBlocks = reader.nestedBlocks.filter { Self.indicatorKinds.contains($0.kind.name) }
        if indicatorBlocks.isEmpty {
            error("\(reader.title) has no indicators", at: block.kind.range,
                  help: "add at least one of \(BlockReader.list(Self.indicatorKinds))")
        }
        let indicators = indicatorBlocks.map(readIndicator)
        guard let name, indicators.allSatisfy({ $0 != nil }) else { return nil }
        return DetectBlock(name: name, match: match, indicators: indicators.map { $0! })
    }

    private func readIndicator(_ block: Block) -> Indicator? {
        switch block.kind.name {
        case "file":
            let reader = BlockReader(block, context: self, attributes: ["path", "sha256"])
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
            let reader = BlockReader(block, context: self, attributes: ["path", "pattern", "max_matches"])
            reader.refuseLabel()
            let path = reader.required("path").flatMap(readPath)
            let pattern = reader.required("pattern").flatMap(readPattern)
            var valid = true
            let maxMatches = readOptional(reader["max_matches"], &valid) { readInteger($0, in: 1...10_000) }
            let isGlob = path.map(PathRules.hasGlob) ?? false
            if let path, isGlob, reader["max_matches"] == nil {
                error("'\(path)' is a glob; set max_matches to say how many files it may search on a host", at: reader["path"]!.value.range,
                      help: "max_matches = 200 (with more paths than that, and none of those searched matching, the host cannot be planned)")
                valid = false
            } else if path != nil, !isGlob, let attribute = reader["max_matches"] {
                warning("max_matches has no effect: the path is not a glob", at: attribute.name.range)
            }
            guard let path, let pattern, valid else { return nil }
            return .content(path: path, pattern: pattern, maxMatches: isGlob ? maxMatches : nil)
        case "process":
            let reader = BlockReader(block, context: self, attributes: ["name"])
            reader.refuseLabel()
            guard let name = reader.required("name").flatMap({ readString($0) }) else { return nil }
            if name.contains("/") || name.contains("\\") {
                error("'name' is a process name, not a path", at: reader["name"]!.value.range)
                return nil
            }
            return .process(name: name)
        case "mapping":
            let reader = BlockReader(block, context: self, attributes: ["server", "config", "site", "alias", "handler"])
            reader.refuseLabel()
            let target = readMappingTarget(reader)
            let alias = reader["alias"].flatMap { attribute in readString(attribute).flatMap { checkedAlias($0, at: attribute.value.range) } }
            let handler = reader["handler"].flatMap { attribute in readString(attribute).flatMap { checkedHandler($0, at: attribute.value.range) } }
            if reader["alias"] == nil && reader["handler"] == nil {
                error("a mapping indicator needs 'alias' or 'handler'", at: block.kind.range, help: "alias = \"/c\" or handler = \".ida\"")
                return nil
            }
            guard let target, (alias != nil) == (reader["alias"] != nil), (handler != nil) == (reader["handler"] != nil) else { return nil }
            return .mapping(target, alias: alias, handler: handler)
        case "command":
            let reader = BlockReader(block, context: self, attributes: ["run", "expect_exit"])
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

    /// `server`, `config` and `site` of a mapping indicator or a strip_mappings step, checked
    /// against each other and the platform.
    func readMappingTarget(_ reader: BlockReader) -> MappingTarget? {
        guard let serverAttribute = reader.required("server", help: "server = apache, nginx or iis"),
              let server = readKeyword(serverAttribute, among: WebServer.allCases.map(\.rawValue)).flatMap(WebServer.init(rawValue:))
        else { return nil }
        guard platform.rules.webServers.contains(server) else {
            let platforms = Platform.allCases.filter { $0.rules.webServers.contains(server) }.map(\.rawValue)
            error("\(server.name) runs on \(platforms.joined(separator: " or ")), but this playbook's platform is \(platform.rawValue)",
                  at: serverAttribute.value.range)
            return nil
        }
        var config: String?
        if let attribute = reader["config"] {
            guard let path = readPath(attribute) else { return nil }
            config = path
        } else if server == .iis {
            config = MappingTarget.iisDefaultConfig
        } else {
            error("\(reader.title) needs 'config' for \(server.rawValue)", at: reader.block.kind.range,
                  help: server == .apache ? "config = '/etc/apache2/sites-enabled/000-default.conf'" : "config = '/etc/nginx/sites-enabled/default'")
            return nil
        }
        var site: String?
        if let attribute = reader["site"] {
            guard server == .iis else {
                error("'site' is for iis only; \(server.rawValue) mappings are found by 'config' alone", at: attribute.name.range,
                      fixIts: [.init(range: attribute.range, replacement: "")])
                return nil
            }
            site = readString(attribute)
        } else if server == .iis {
            error("\(reader.title) needs 'site' for iis", at: reader.block.kind.range, help: "site = \"Default Web Site\"")
            return nil
        }
        guard let config, server != .iis || site != nil else { return nil }
        return MappingTarget(server: server, config: config, site: site)
    }

    func checkedAlias(_ alias: String, at range: SourceRange) -> String? {
        // Bytes for ASCII text (the usual case): Character properties are slow on 6000 aliases.
        let hasSpace = alias.utf8.allSatisfy { $0 < 0x80 }
            ? alias.utf8.contains { $0 == 0x20 || (0x09...0x0D).contains($0) }
            : alias.contains(where: \.isWhitespace)
        guard alias.hasPrefix("/"), !hasSpace else {
            error("'\(alias)' is not a URL path", at: range, help: "aliases are URL paths such as \"/c\"")
            return nil
        }
        return alias
    }

    func checkedHandler(_ handler: String, at range: SourceRange) -> String? {
        let rest = handler.utf8.dropFirst()
        let alphanumeric = rest.allSatisfy { $0 < 0x80 }
            ? rest.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit }
            : handler.dropFirst().allSatisfy { $0.isLetter || $0.isNumber }
        guard handler.hasPrefix("."), !rest.isEmpty, alphanumeric else {
            error("'\(handler)' is not a file extension", at: range, help: "handlers are extensions such as \".ida\"")
            return nil
        }
        return handler
    }

    /// A well-formed SHA-256: 64 hexadecimal digits, returned in lowercase.
    func readSHA256(_ attribute: Attribute) -> String? {
        guard let text = readString(attribute) else { return nil }
        if let stray = text.first(where: { !$0.isHexDigit }) {
            error("'\(attribute.name.name)' holds '\(stray)', which is not a hexadecimal digit", at: attribute.value.range,
                  help: "compute it with: sha256sum FILE")
            return nil
        }
        guard text.count == 64 else {
            error("'\(attribute.name.name)' must be 64 hexadecimal digits, found \(text.count)", at: attribute.value.range,
                  help: "compute it with: sha256sum FILE")
            return nil
        }
        return text.lowercased()
    }
}
