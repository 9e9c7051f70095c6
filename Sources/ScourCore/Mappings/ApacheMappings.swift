import Foundation

/// Removes URL mappings and handler extensions from an Apache configuration file, inside and
/// outside `<VirtualHost>` alike: `Alias`, `ScriptAlias`, `AliasMatch` and `ScriptAliasMatch`
/// for the listed URL paths; the listed extensions from `AddHandler`, `AddType`, `AddOutputFilter`
/// and their kin (a directive left with no extension goes). Comments are never touched, however
/// much they mention `/c`. Continuation lines (`\` at the end) are one directive.
enum ApacheMappings {
    static func strip(_ text: String, aliases: [String], handlers: [String]) -> MappingEdit {
        let file = ConfigLines(text)
        let regexes = HostRegexMatcher()
        var output: [ConfigLines.Line] = []
        var removals: [MappingEdit.Removal] = []
        var replacements: [UnifiedDiff.Replacement] = []
        var undecided: MappingEdit.Undecided?
        var index = 0
        while index < file.lines.count {
            // A directive and its continuation lines.
            var end = index
            while end < file.lines.count - 1 && file.lines[end].text.hasSuffix("\\") { end += 1 }
            let group = file.lines[index...end]
            let logical = group.map { $0.text.hasSuffix("\\") ? String($0.text.dropLast()) : $0.text }.joined(separator: " ")
            // A comment needs no splitting into words (a host's file may be 4 MiB of them).
            let isComment = logical.utf8.first { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") } == UInt8(ascii: "#")
            let words = isComment ? [] : ApacheWords.split(logical)
            switch decide(words, aliases: aliases, handlers: handlers, regexes: regexes) {
            case .keep:
                output += group
            case .undecided(let why):
                output += group
                if undecided == nil { undecided = .init(line: index + 1, what: logical, why: why) }
            case .remove:
                removals.append(.init(line: index + 1, what: logical.trimmingCharacters(in: .whitespaces)))
                replacements.append(.init(oldLines: index..<(end + 1)))
            case .rewrite(let kept, let removed):
                let indent = String(group.first!.text.prefix { $0 == " " || $0 == "\t" })
                let line = ConfigLines.Line(text: indent + kept.joined(separator: " "), ending: group.last!.ending)
                output.append(line)
                removals.append(.init(line: index + 1, what: "\(words[0]) … \(removed.joined(separator: " "))"))
                replacements.append(.init(oldLines: index..<(end + 1), newLines: [line.text]))
            }
            index = end + 1
        }
        return MappingEdit(original: file, newText: ConfigLines(lines: output).text, removals: removals, replacements: replacements,
                           undecided: undecided)
    }

    private enum Decision {
        case keep, remove
        case rewrite(kept: [String], removed: [String])
        case undecided(why: String)
    }

    private static let aliasDirectives: Set<String> = ["alias", "scriptalias"]
    private static let aliasMatchDirectives: Set<String> = ["aliasmatch", "scriptaliasmatch"]
    /// Directives of the form `Directive VALUE ext [ext …]`.
    private static let extensionDirectives: Set<String> = [
        "addhandler", "addtype", "addoutputfilter", "addinputfilter", "setoutputfilter", "addcharset", "addencoding",
    ]

    private static func decide(_ words: [String], aliases: [String], handlers: [String], regexes: HostRegexMatcher) -> Decision {
        guard let directive = words.first?.lowercased(), !directive.hasPrefix("#") else { return .keep }
        if aliasDirectives.contains(directive), words.count >= 2 {
            return aliases.contains { URLPath.same(words[1], $0) } ? .remove : .keep
        }
        if aliasMatchDirectives.contains(directive), words.count >= 2 {
            switch regexes.matchesAny(words[1], caseInsensitive: false, aliases.flatMap { [$0, $0 + "/", $0 + "/x"] }) {
            case .matches: return .remove
            case .noMatch: return .keep
            case .undecided(let why): return .undecided(why: why)
            }
        }
        if extensionDirectives.contains(directive), words.count >= 3, !handlers.isEmpty {
            let listed = Set(handlers.map(normalizedExtension))
            let extensions = words.dropFirst(2)
            let removed = extensions.filter { listed.contains(normalizedExtension($0)) }
            guard !removed.isEmpty else { return .keep }
            let kept = extensions.filter { !listed.contains(normalizedExtension($0)) }
            return kept.isEmpty ? .remove : .rewrite(kept: Array(words.prefix(2)) + kept, removed: Array(removed))
        }
        return .keep
    }

    /// `.IDA`, `ida` and `.ida` are the same extension to Apache.
    private static func normalizedExtension(_ word: String) -> String {
        let lower = word.lowercased()
        return lower.hasPrefix(".") ? String(lower.dropFirst()) : lower
    }
}

/// Splitting an Apache directive into words: whitespace-separated, double-quoted words keep
/// their spaces (quotes removed), a `#` at the start of the line is a comment.
enum ApacheWords {
    static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quoted = false
        var inWord = false
        for character in line {
            if quoted {
                if character == "\"" { quoted = false } else { current.append(character) }
            } else if character == "\"" {
                quoted = true
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}

/// URL paths as web servers compare them for a mapping: `/c`, `/c/` and `/C` (IIS) name the same.
enum URLPath {
    static func same(_ configured: String, _ listed: String, caseInsensitive: Bool = false) -> Bool {
        func normalized(_ path: String) -> String {
            var trimmed = path
            while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
            return caseInsensitive ? trimmed.lowercased() : trimmed
        }
        return normalized(configured) == normalized(listed)
    }
}
