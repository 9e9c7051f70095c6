/// Host and user patterns matched as OpenSSH matches them (match.c): `*` any run, `?` one
/// character, nothing else special.
///
/// - A `Host` line (`hostLine`): each word is one pattern (`match_pattern`), compared with
///   case — a comma is an ordinary character there; `!pattern` negates. The line matches when
///   some plain pattern matches and no negated one does.
/// - A `Match` list (`list`): patterns separated by commas (`match_pattern_list`), each
///   negatable; `Match host`/`originalhost` compare without case (`match_hostname`),
///   `Match user`/`localuser` with case.
struct SSHPatternList: Sendable, Hashable {
    var patterns: [String]
    var ignoringCase: Bool

    /// A `Host` line's words.
    static func hostLine(_ words: [String]) -> SSHPatternList { SSHPatternList(patterns: words, ignoringCase: false) }

    /// One comma-separated `Match` argument.
    static func list(_ text: String, ignoringCase: Bool) -> SSHPatternList {
        let patterns = text.split(separator: ",", omittingEmptySubsequences: false).map { ignoringCase ? $0.lowercased() : String($0) }
        return SSHPatternList(patterns: patterns, ignoringCase: ignoringCase)
    }

    func matches(_ name: String) -> Bool {
        let name = Array((ignoringCase ? name.lowercased() : name).utf8)
        var matched = false
        for pattern in patterns {
            let negated = pattern.hasPrefix("!")
            let body = Array(pattern.utf8.dropFirst(negated ? 1 : 0))
            guard Self.glob(body[...], name[...]) else { continue }
            if negated { return false }
            matched = true
        }
        return matched
    }

    private static func glob(_ pattern: ArraySlice<UInt8>, _ name: ArraySlice<UInt8>) -> Bool {
        guard let head = pattern.first else { return name.isEmpty }
        switch head {
        case UInt8(ascii: "*"):
            let rest = pattern.dropFirst()
            var tail = name
            while true {
                if glob(rest, tail) { return true }
                guard !tail.isEmpty else { return false }
                tail = tail.dropFirst()
            }
        case UInt8(ascii: "?"):
            return !name.isEmpty && glob(pattern.dropFirst(), name.dropFirst())
        default:
            return name.first == head && glob(pattern.dropFirst(), name.dropFirst())
        }
    }
}
