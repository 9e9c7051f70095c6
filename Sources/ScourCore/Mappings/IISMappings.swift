/// Removes the worm's mappings from IIS's applicationHost.config for one site: the
/// `<virtualDirectory>` (or whole `<application>`) elements whose path is one of the aliases,
/// and the handler `<add path="*.ida" …>` entries in effect for the site — in the global
/// `<system.webServer><handlers>` and in the site's `<location path="SITE">` section. A global
/// entry the site's section already `<remove>`s or `<clear>`s is not in effect there and is
/// left alone (other sites may rely on it). Paths and names compare case-insensitively, as IIS
/// does. Removed elements take their whole lines when they stand alone on them.
enum IISMappings {
    static func strip(_ text: String, site: String, aliases: [String], handlers: [String]) -> MappingEdit {
        let document = XMLTags(text)
        var cuts: [(start: Int, end: Int, line: Int, what: String)] = []
        cuts += virtualDirectoryCuts(document, site: site, aliases: aliases)
        cuts += handlerCuts(document, site: site, handlers: handlers)
        return apply(cuts.sorted { $0.start < $1.start }, to: document)
    }

    private typealias Cut = (start: Int, end: Int, line: Int, what: String)

    private static func virtualDirectoryCuts(_ document: XMLTags, site: String, aliases: [String]) -> [Cut] {
        var cuts: [Cut] = []
        var inSite = false
        var application: (path: String, index: Int)?
        var index = 0
        let tags = document.tags
        while index < tags.count {
            let tag = tags[index]
            switch (tag.name.lowercased(), tag.kind) {
            case ("site", .open): inSite = tag.attributes["name"]?.lowercased() == site.lowercased()
            case ("site", .close): inSite = false
            case ("application", .open) where inSite:
                let path = tag.attributes["path"] ?? "/"
                if aliases.contains(where: { URLPath.same(path, $0, caseInsensitive: true) }), let close = document.closing(of: index) {
                    cuts.append(cut(document, from: index, to: close, what: "<application path=\"\(path)\">"))
                    index = close + 1
                    continue
                }
                application = (path, index)
            case ("application", .close): application = nil
            case ("virtualdirectory", .open), ("virtualdirectory", .empty):
                guard inSite, let path = tag.attributes["path"] else { break }
                let base = application?.path ?? "/"
                let full = base == "/" ? path : base + (path == "/" ? "" : path)
                if aliases.contains(where: { URLPath.same(full, $0, caseInsensitive: true) }) {
                    let close = document.closing(of: index) ?? index
                    let physical = tag.attributes["physicalPath"].map { " physicalPath=\"\($0)\"" } ?? ""
                    cuts.append(cut(document, from: index, to: close, what: "<virtualDirectory path=\"\(path)\"\(physical)>"))
                    index = close + 1
                    continue
                }
            default: break
            }
            index += 1
        }
        return cuts
    }

    /// Handler entries in effect for the site: the global list as the site's `<location>`
    /// section modifies it (`<remove name>`, `<clear/>`), plus the section's own `<add>`s.
    private static func handlerCuts(_ document: XMLTags, site: String, handlers: [String]) -> [Cut] {
        guard !handlers.isEmpty else { return [] }
        let wanted = Set(handlers.map { "*" + $0.lowercased() })
        var effective: [String: (index: Int, path: String)] = [:]  // name → global <add>
        var siteAdds: [(index: Int, path: String)] = []
        var scope: String?  // nil: global; else the <location path>
        var inHandlers = false
        for (index, tag) in document.tags.enumerated() {
            switch (tag.name.lowercased(), tag.kind) {
            case ("location", .open): scope = tag.attributes["path"] ?? ""
            case ("location", .close): scope = nil
            case ("handlers", .open): inHandlers = true
            case ("handlers", .close): inHandlers = false
            case ("add", _) where inHandlers:
                let path = tag.attributes["path"] ?? ""
                let name = (tag.attributes["name"] ?? path).lowercased()
                if scope == nil || scope == "" { effective[name] = (index, path) }
                else if scope?.lowercased() == site.lowercased() { siteAdds.append((index, path)) }
            case ("remove", _) where inHandlers && scope?.lowercased() == site.lowercased():
                effective[(tag.attributes["name"] ?? "").lowercased()] = nil
            case ("clear", _) where inHandlers && scope?.lowercased() == site.lowercased():
                effective = [:]
            default: break
            }
        }
        let entries = effective.values.map { $0 } + siteAdds
        return entries.filter { wanted.contains($0.path.lowercased()) }.map { entry in
            cut(document, from: entry.index, to: document.closing(of: entry.index) ?? entry.index,
                what: "<add path=\"\(entry.path)\"\(document.tags[entry.index].attributes["name"].map { " name=\"\($0)\"" } ?? "")>")
        }
    }

    /// The span of tags `from`…`to`, widened to whole lines when nothing else shares them.
    private static func cut(_ document: XMLTags, from: Int, to: Int, what: String) -> Cut {
        let bytes = document.bytes
        var start = document.tags[from].start
        var end = document.tags[to].end
        var lineStart = start
        while lineStart > 0 && (bytes[lineStart - 1] == 0x20 || bytes[lineStart - 1] == 0x09) { lineStart -= 1 }
        var lineEnd = end
        while lineEnd < bytes.count && (bytes[lineEnd] == 0x20 || bytes[lineEnd] == 0x09 || bytes[lineEnd] == 0x0D) { lineEnd += 1 }
        if (lineStart == 0 || bytes[lineStart - 1] == 0x0A) && (lineEnd == bytes.count || bytes[lineEnd] == 0x0A) {
            start = lineStart
            end = min(lineEnd + 1, bytes.count)
        }
        return (start, end, document.line(of: document.tags[from].start) + 1, what)
    }

    private static func apply(_ cuts: [Cut], to document: XMLTags) -> MappingEdit {
        var output: [UInt8] = []
        var position = 0
        var removals: [MappingEdit.Removal] = []
        var applied: [Cut] = []
        for cut in cuts where cut.start >= position {
            output += document.bytes[position..<cut.start]
            position = cut.end
            removals.append(.init(line: cut.line, what: cut.what))
            applied.append(cut)
        }
        output += document.bytes[position...]
        return MappingEdit(original: ConfigLines(String(decoding: document.bytes, as: UTF8.self)),
                           newText: String(decoding: output, as: UTF8.self), removals: removals,
                           replacements: lineReplacements(applied, in: document))
    }

    /// The original lines the cuts touch, run by run, and what each run became: what the diff shows.
    private static func lineReplacements(_ cuts: [Cut], in document: XMLTags) -> [UnifiedDiff.Replacement] {
        var replacements: [UnifiedDiff.Replacement] = []
        var index = 0
        while index < cuts.count {
            let firstLine = document.line(of: cuts[index].start)
            var lastLine = document.line(of: cuts[index].end - 1)
            var group = [cuts[index]]
            index += 1
            while index < cuts.count, document.line(of: cuts[index].start) <= lastLine {
                lastLine = max(lastLine, document.line(of: cuts[index].end - 1))
                group.append(cuts[index])
                index += 1
            }
            var kept: [UInt8] = []
            var position = document.lineStart(firstLine)
            for cut in group {
                kept += document.bytes[position..<cut.start]
                position = cut.end
            }
            kept += document.bytes[position..<document.lineStart(lastLine + 1)]
            replacements.append(.init(oldLines: firstLine..<(lastLine + 1),
                                      newLines: ConfigLines(String(decoding: kept, as: UTF8.self)).lines.map(\.text)))
        }
        return replacements
    }
}
