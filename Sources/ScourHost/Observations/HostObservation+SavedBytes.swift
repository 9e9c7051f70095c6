extension HostObservation {
    /// This observation as a saved plan keeps it: every file's bytes replaced by their hash
    /// (`ContentObservation.withoutBytes`).
    public func withoutBytes() -> HostObservation {
        var kept = self
        kept.contents = contents.mapValues { $0.withoutBytes() }
        kept.globContents = globContents.mapValues { found in
            var found = found
            found.matches = found.matches.map { match in
                var match = match
                match.content = match.content?.withoutBytes()
                return match
            }
            return found
        }
        return kept
    }

    /// This observation with `fresh`'s bytes wherever they are the very bytes it saw: a saved
    /// plan's dropped bytes come back from apply's probe (a file that changed keeps only its
    /// hash, and the step reading it finds it not as predicted), and a re-probe of files that
    /// did not change shares the buffers already held instead of keeping a second copy.
    public func restoringBytes(from fresh: HostObservation) -> HostObservation {
        var restored = self
        for (path, content) in contents {
            restored.contents[path] = content.restoringBytes(from: fresh.contents[path])
        }
        for (key, found) in globContents {
            let freshMatches = Dictionary(fresh.globContents[key]?.matches.map { ($0.path, $0) } ?? [], uniquingKeysWith: { first, _ in first })
            restored.globContents[key]?.matches = found.matches.map { match in
                var match = match
                match.content = match.content?.restoringBytes(from: freshMatches[match.path]?.content)
                return match
            }
        }
        return restored
    }
}
