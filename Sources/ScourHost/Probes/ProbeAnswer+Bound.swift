extension ProbeAnswer {
    /// The most bytes an honest answer to `items` can take: each item's fields in base64 (paths
    /// up to PATH_MAX, a glob's `maxMatches` matches, a file content's `limit`, both for a `globContents`, what could not
    /// be looked at: one path for a file, at most `unseenListLimit` for a list), with room for an error message.
    /// A host sending more is lying or broken, and reading stops there — so
    /// what a probe can cost the controller is known before it is sent.
    package static func sizeBound(of items: [ProbeItem]) -> Int {
        (1 << 10) + items.reduce(0) { $0 + sizeBound(of: $1) }
    }

    private static func sizeBound(of item: ProbeItem) -> Int {
        let record = 4 << 10
        let path = 4096 * 4 / 3 + 64
        // A path that could not be looked at: its reason and the path; a list sends at most
        // `unseenListLimit` of them, a match's own reason no path.
        let unseen = path + 64
        let unseenList = { (maxMatches: Int) in min(maxMatches, ProbeWire.unseenListLimit) * unseen }
        switch item {
        case .file: return record + unseen
        case .glob(_, let maxMatches): return record + maxMatches * (path + 576) + unseenList(maxMatches)
        case .content(_, let limit): return record + unseen + (limit + 1) * 4 / 3 + 64
        case .globContents(_, let maxMatches, let limit): return record + maxMatches * (path + 576 + (limit + 1) * 4 / 3 + 64) + unseenList(maxMatches)
        case .contentGlob(_, _, let maxMatches, let lineLimit): return record + maxMatches * (path + 4 * (lineLimit + 22) * 4 / 3 + 256) + unseenList(maxMatches)
        case .processes(_, _, _, let maxMatches):
            // A process: its executable (a path), its command line, and short fields.
            return record + maxMatches * (path + 4 * (ProbeItem.commandLineLimit + 1) * 4 / 3 + 4096) + unseenList(maxMatches)
        case .facts, .command, .package, .service, .hotfix: return record
        }
    }
}
