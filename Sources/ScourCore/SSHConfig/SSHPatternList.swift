/// A `Host` line's patterns (or a `Match host` list), matched as OpenSSH does
/// (match.c `match_pattern_list`): `*` any run, `?` one character, `!` negates; the list
/// matches when some plain pattern matches and no negated one does. Names compare without
/// case (ssh lowercases the host it is given).
struct SSHPatternList: Sendable, Hashable {
    var patterns: [String]

    /// `Match` writes lists comma-separated; `Host` writes them as separate words.
    init(_ patterns: [String]) {
        self.patterns = patterns.flatMap { $0.split(separator: ",").map(String.init) }
    }

    func matches(_ name: String) -> Bool {
        let name = Array(name.lowercased().utf8)
        var matched = false
        for pattern in patterns {
            let negated = pattern.hasPrefix("!")
            let body = Array((negated ? String(pattern.dropFirst()) : pattern).lowercased().utf8)
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
