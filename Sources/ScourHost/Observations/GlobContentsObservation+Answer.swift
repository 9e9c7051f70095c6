import Foundation
import ScourCore

extension GlobContentsObservation {
    /// The most paths a host may claim a glob matched: more is not a file system but a lie,
    /// and would only make the plan's figures absurd.
    package static let totalLimit = 1 << 32

    /// Reads a `globContents` answer: `count`, then for each of the first `maxMatches` paths
    /// `k` the `glob` fields (`k.path`, `k.type`, `k.stat`, `k.sha256`) and, for a regular file,
    /// `k.data` (at most `limit` + 1 bytes). Every field is the host's word: a path outside the
    /// glob or reported twice, a count out of range, more bytes than asked, or bytes whose
    /// SHA-256 is not the one reported fail the item.
    package init(from fields: inout ItemFields, pattern: String, maxMatches: Int, limit: Int) throws {
        typealias F = ProbeWire.Field
        let total = try fields.integer(F.count, as: Int.self)
        guard (0...Self.totalLimit).contains(total) else { throw fields.invalid("match count \(total) out of range") }
        var matches: [GlobContentsMatch] = []
        var seen = Set<String>()
        for k in 0..<min(total, maxMatches) {
            let path = try fields.string("\(k).\(F.path)")
            if let problem = HostReportedPaths.globMatchProblem(path, pattern: pattern) {
                throw ProbeError.lyingProbe("the host reported \(path.debugDescription) as a match of \(pattern): \(problem)")
            }
            guard seen.insert(path).inserted else { throw fields.invalid("\(path.debugDescription) reported twice") }
            let facts = try HostObservation.file(from: &fields, prefix: "\(k).")
            guard facts.kind == .regular else {
                matches.append(GlobContentsMatch(path: path, file: facts, content: nil))
                continue
            }
            let data = try fields.bytes("\(k).\(F.data)")
            guard data.count <= limit + 1 else { throw fields.invalid("\(data.count) bytes sent for \(path.debugDescription), at most \(limit + 1) asked") }
            guard data.count <= limit else {
                matches.append(GlobContentsMatch(path: path, file: facts, content: ContentObservation(kind: .regular, tooLarge: true)))
                continue
            }
            guard SHA256.hex(of: data) == facts.sha256 else {
                throw fields.invalid("the bytes of \(path.debugDescription) do not have the SHA-256 reported (it changed while read?)")
            }
            matches.append(GlobContentsMatch(path: path, file: facts, content: ContentObservation(kind: .regular, bytes: Data(data))))
        }
        self.init(total: total, matches: matches)
    }
}
