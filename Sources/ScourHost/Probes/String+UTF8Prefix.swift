extension String {
    /// The first `limit` UTF-8 bytes, cut at a character boundary, and whether anything was
    /// cut: how a host's line or command line is kept to a known size.
    package func utf8Prefix(_ limit: Int) -> (text: String, isCut: Bool) {
        guard utf8.count > limit else { return (self, false) }
        var kept = ""
        for character in self {
            guard kept.utf8.count + character.utf8.count <= limit else { break }
            kept.append(character)
        }
        return (kept, true)
    }
}
