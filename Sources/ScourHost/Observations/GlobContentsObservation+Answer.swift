import Foundation
import ScourCore

extension GlobContentsObservation {
    /// The most paths a host may claim a glob matched: more is not a file system but a lie,
    /// and would only make the plan's figures absurd.
    package static let totalLimit = 1 << 32

    /// Reads a `globContents` answer: `count`, then for each of the first `maxMatches` paths
    /// `k` the `glob` fields (`k.path`, `k.type`, `k.stat`, `k.sha256`) and, for a regular file,
    /// `k.data` (at most `limit` + 1 bytes), then the folders it could not search (`unseen.k`).
    /// Every field is the host's word: a path outside the glob or reported twice, a count out
    /// of range or more bytes than asked fail the item. A file that could not be read, or whose
    /// bytes do not have the SHA-256 reported (it changed while read), is unseen for itself.
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
            let facts = try HostObservation.file(from: &fields, prefix: "\(k).", path: path)
            if facts.kind == .regular, let unseen = facts.unseen {
                matches.append(GlobContentsMatch(path: path, file: facts, content: ContentObservation(kind: .regular, unseen: unseen)))
                continue
            }
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
            let sha256 = SHA256.hex(of: data)
            guard sha256 == facts.sha256 else {
                // It changed between the hash and the read (or was swapped for a FIFO): which bytes are its own cannot be told.
                matches.append(GlobContentsMatch(path: path, file: facts, content: ContentObservation(kind: .regular, unseen: Unseen(.ioError, path: path))))
                continue
            }
            matches.append(GlobContentsMatch(path: path, file: facts, content: ContentObservation(bytes: Data(data), sha256: sha256)))
        }
        let unseen = try fields.unseenList(cap: maxMatches)
        self.init(total: total, matches: matches, unseen: unseen?.unseen, unseenTotal: unseen?.total)
    }
}
