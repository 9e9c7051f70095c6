extension ProbeAnswer {
    /// The most bytes an honest answer to `items` can take: each item's fields in base64 (paths
    /// up to PATH_MAX, a glob's `maxMatches` matches, a file content's `limit`, both for a `globContents`), with room for
    /// an error message. A host sending more is lying or broken, and reading stops there — so
    /// what a probe can cost the controller is known before it is sent.
    package static func sizeBound(of items: [ProbeItem]) -> Int {
        (1 << 10) + items.reduce(0) { $0 + sizeBound(of: $1) }
    }

    private static func sizeBound(of item: ProbeItem) -> Int {
        let record = 4 << 10
        let path = 4096 * 4 / 3 + 64
        switch item {
        case .glob(_, let maxMatches): return record + maxMatches * (path + 512)
        case .content(_, let limit): return record + (limit + 1) * 4 / 3 + 64
        case .globContents(_, let maxMatches, let limit): return record + maxMatches * (path + 512 + (limit + 1) * 4 / 3 + 64)
        case .contentGlob(_, _, let maxMatches, let lineLimit): return record + maxMatches * (path + 4 * (lineLimit + 22) * 4 / 3 + 256)
        case .processes(_, _, _, let maxMatches):
            // A process: its executable (a path), its command line, and short fields.
            return record + maxMatches * (path + 4 * (ProbeItem.commandLineLimit + 1) * 4 / 3 + 4096)
        case .facts, .file, .process, .command, .package, .service, .hotfix: return record
        }
    }
}
