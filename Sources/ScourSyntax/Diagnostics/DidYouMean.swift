/// "Did you mean" suggestions for misspelt names.
public enum DidYouMean {
    /// The candidate closest to `word` by Damerau-Levenshtein distance, if close enough:
    /// at most 1 edit for words up to 4 characters, 2 up to 8, else 3. Ties go to the earlier candidate.
    public static func suggest(_ word: String, among candidates: some Sequence<String>) -> String? {
        let threshold = word.count <= 4 ? 1 : (word.count <= 8 ? 2 : 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let distance = Self.distance(word.lowercased(), candidate.lowercased())
            if distance <= threshold, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// Optimal-string-alignment Damerau-Levenshtein distance (transpositions cost 1).
    public static func distance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs)
        let b = Array(rhs)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, table[i - 2][j - 2] + 1)
                }
                table[i][j] = value
            }
        }
        return table[a.count][b.count]
    }
}
