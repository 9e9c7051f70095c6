import ScourSyntax

/// What mapping indicators and `strip_mappings` steps share: the web server configuration they
/// read, and the URL aliases and handler extensions they name.
extension AnalysisContext {
    /// `server`, `config` and `site` of a mapping indicator or a strip_mappings step, checked
    /// against each other and the platform.
    func readMappingTarget(_ reader: BlockReader) -> MappingTarget? {
        guard let serverAttribute = reader.required("server", help: "server = apache, nginx or iis"),
              let server = readKeyword(serverAttribute, among: WebServer.allCases.map(\.rawValue)).flatMap(WebServer.init(rawValue:))
        else { return nil }
        guard platform.rules.webServers.contains(server) else {
            let platforms = Platform.allCases.filter { $0.rules.webServers.contains(server) }.map(\.rawValue)
            diagnostics.error("\(server.name) runs on \(platforms.joined(separator: " or ")), but this playbook's platform is \(platform.rawValue)",
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
            diagnostics.error("\(reader.title) needs 'config' for \(server.rawValue)", at: reader.block.kind.range,
                              help: server == .apache
                                  ? "config = '/etc/apache2/sites-enabled/000-default.conf'" : "config = '/etc/nginx/sites-enabled/default'")
            return nil
        }
        var site: String?
        if let attribute = reader["site"] {
            guard server == .iis else {
                diagnostics.error("'site' is for iis only; \(server.rawValue) mappings are found by 'config' alone", at: attribute.name.range,
                                  fixIts: [.init(range: attribute.range, replacement: "")])
                return nil
            }
            site = readString(attribute)
        } else if server == .iis {
            diagnostics.error("\(reader.title) needs 'site' for iis", at: reader.block.kind.range, help: "site = \"Default Web Site\"")
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
            diagnostics.error("'\(alias)' is not a URL path", at: range, help: "aliases are URL paths such as \"/c\"")
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
            diagnostics.error("'\(handler)' is not a file extension", at: range, help: "handlers are extensions such as \".ida\"")
            return nil
        }
        return handler
    }
}
