import Foundation
import ScourCore
import ScourHost

/// The edits a step's projection makes to an observation (`StepHandler.project`): the host as
/// it is once the step acted, in the answers already there. Only what was asked is updated — a
/// path no item asked about stays unasked — and nothing is invented beyond what the action is
/// known to do.
extension HostObservation {
    /// `path` moved away (quarantined) or deleted: absent for every item that saw it.
    mutating func projectRemoval(of path: String) {
        if files[path] != nil { files[path] = FileObservation(kind: .absent) }
        if contents[path] != nil { contents[path] = ContentObservation(kind: .absent) }
        for (pattern, glob) in globs {
            let (index, counted) = Self.place(of: path, in: glob.matches.map(\.path), isTruncated: glob.isTruncated, pattern: pattern)
            if let index { globs[pattern]?.matches.remove(at: index) }
            if counted { globs[pattern]?.total -= 1 }
        }
        for (key, glob) in globContents {
            guard let pattern = Self.keyValues(key).first ?? nil else { continue }
            let (index, counted) = Self.place(of: path, in: glob.matches.map(\.path), isTruncated: glob.isTruncated, pattern: pattern)
            if let index { globContents[key]?.matches.remove(at: index) }
            if counted { globContents[key]?.total -= 1 }
        }
        for (key, found) in contentGlobs {
            guard let pattern = Self.keyValues(key).first ?? nil else { continue }
            var glob = found
            if let index = glob.matches.firstIndex(where: { $0.path == path }) {
                glob.matches.remove(at: index)
                (glob.total, glob.searched) = (glob.total - 1, glob.searched - 1)
            } else if HostReportedPaths.globMatchProblem(path, pattern: pattern) == nil {
                // Searched without a matching line, or left unsearched: either way one path fewer.
                glob.total -= 1
                glob.searched = min(glob.searched, glob.total)
            }
            contentGlobs[key] = glob
        }
    }

    /// Where `path` is among a glob's listed matches, and whether the glob's total counts it:
    /// listed, or (the listing cut at max_matches) matched by the pattern.
    private static func place(of path: String, in listed: [String], isTruncated: Bool, pattern: String) -> (index: Int?, counted: Bool) {
        if let index = listed.firstIndex(of: path) { return (index, true) }
        return (nil, isTruncated && HostReportedPaths.globMatchProblem(path, pattern: pattern) == nil)
    }

    /// The regular file at `path` replaced in place with `bytes` (kind, owner and mode kept, as
    /// `replaceConfig` keeps them): its size and hash, its content wherever it was read, and the
    /// line a `contentGlob` found in it, searched again in the new bytes.
    mutating func projectEdit(of path: String, to bytes: [UInt8]) {
        let sha256 = SHA256.hex(of: bytes)
        func edited(_ file: FileObservation) -> FileObservation {
            guard file.kind == .regular else { return file }
            var file = file
            file.stat?.size = UInt64(bytes.count)
            file.sha256 = sha256
            return file
        }
        if let file = files[path] { files[path] = edited(file) }
        if let content = contents[path], content.bytes != nil { contents[path]?.bytes = Data(bytes) }
        for (pattern, glob) in globs {
            globs[pattern]?.matches = glob.matches.map { $0.path == path ? GlobMatch(path: path, file: edited($0.file)) : $0 }
        }
        for (key, glob) in globContents {
            globContents[key]?.matches = glob.matches.map { match in
                guard match.path == path else { return match }
                var match = match
                match.file = edited(match.file)
                if match.content?.bytes != nil { match.content?.bytes = Data(bytes) }
                return match
            }
        }
        for (key, glob) in contentGlobs {
            guard let index = glob.matches.firstIndex(where: { $0.path == path }) else { continue }
            let values = Self.keyValues(key)
            if values.count == 4, let regex = values[1], let lineLimit = values[3].flatMap({ Int($0) }),
               let match = Self.firstMatch(of: regex, in: bytes, path: path, lineLimit: lineLimit) {
                contentGlobs[key]?.matches[index] = match
            } else {
                contentGlobs[key]?.matches.remove(at: index)
            }
        }
    }

    /// The first line of `bytes` matching the extended regular expression `regex` (a trailing
    /// CR stripped, as the host's search strips it), cut at `lineLimit` bytes as the probe cuts it.
    private static func firstMatch(of regex: String, in bytes: [UInt8], path: String, lineLimit: Int) -> LineMatch? {
        guard case .success(let compiled) = ExtendedRegex.compile(regex) else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let text = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            guard compiled.matches(text) else { continue }
            let cut = text.utf8Prefix(lineLimit)
            return LineMatch(path: path, line: index + 1, text: cut.text, textIsCut: cut.isCut)
        }
        return nil
    }

    /// `killed` no longer running: gone from every process list that held them (the same pid
    /// and start time: the same process).
    mutating func projectKilled(_ killed: [ProcessObservation]) {
        let gone = Set(killed.map { "\($0.pid)/\($0.start)" })
        for (key, list) in processLists {
            let kept = list.processes.filter { !gone.contains("\($0.pid)/\($0.start)") }
            processLists[key]?.processes = kept
            processLists[key]?.total = list.total - (list.processes.count - kept.count)
        }
    }

    /// The values of an item's observation key (`ProbeItem.observationKey`: a JSON array).
    private static func keyValues(_ key: String) -> [String?] {
        (try? JSONDecoder().decode([String?].self, from: Data(key.utf8))) ?? []
    }
}
