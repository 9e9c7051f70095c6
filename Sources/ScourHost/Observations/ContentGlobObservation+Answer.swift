import ScourCore

extension ContentGlobObservation {
    /// Reads a `contentGlob` answer: `count`, then for each searched file `k` holding a matching
    /// line `k.path`, `k.line`, `k.text`. A path outside the glob is a lying probe. More paths
    /// than `maxMatches` with no match among those searched leaves the question open, which is
    /// an error rather than a "no": a detection must never be a guess.
    package init(from fields: inout ItemFields, pattern: String, maxMatches: Int, lineLimit: Int) throws {
        typealias F = ProbeWire.Field
        let total = try fields.integer(F.count, as: Int.self)
        guard total >= 0 else { throw fields.invalid("negative match count") }
        let searched = min(total, maxMatches)
        var matches: [LineMatch] = []
        for k in 0..<searched {
            guard let path = try fields.optionalString("\(k).\(F.path)") else { continue }
            if let problem = HostReportedPaths.globMatchProblem(path, pattern: pattern) {
                throw ProbeError.lyingProbe("the host reported \(path.debugDescription) as a match of \(pattern): \(problem)")
            }
            let line = try fields.integer("\(k).\(F.line)", as: Int.self)
            guard line >= 1 else { throw fields.invalid("line number \(line) of \(path.debugDescription)") }
            // The host cuts grep's `LINE:TEXT` output, so the text may carry the number's length more.
            let (text, isCut) = try fields.boundedText("\(k).\(F.text)", limit: lineLimit, slack: 21)
            matches.append(LineMatch(path: path, line: line, text: text, textIsCut: isCut))
        }
        if total > maxMatches && matches.isEmpty {
            throw ProbeError.unanswerable(
                index: fields.index, item: fields.item.summary,
                reason: "\(total) paths match the glob, more than max_matches = \(maxMatches), and none of the \(maxMatches) searched has a matching line: "
                    + "whether another one has cannot be told (raise max_matches or narrow the glob)")
        }
        let unseen = try fields.unseenList(cap: maxMatches)
        self.init(total: total, searched: searched, matches: matches, unseen: unseen?.unseen, unseenTotal: unseen?.total)
    }
}
