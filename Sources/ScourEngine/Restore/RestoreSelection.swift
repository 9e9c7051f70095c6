/// Which of a run's restorable paths `scour restore RUN [PATH...]` takes: a named path itself
/// or anything under a named folder (a whole name: `/var/ww` is not `/var/www`); with no
/// paths, everything.
public struct RestoreSelection: Sendable, Equatable {
    public var paths: [String]

    public init(paths: [String]) {
        self.paths = paths
    }

    public func selects(_ path: String) -> Bool {
        paths.isEmpty || paths.contains { chosen in
            let folder = chosen.hasSuffix("/") ? chosen : chosen + "/"
            return path == chosen || path.hasPrefix(folder)
        }
    }

    /// The named paths that take none of `restorable` (a typo, or nothing was done there): a
    /// restore that cannot do what was asked says so rather than succeeding at nothing.
    public func unmatched(in restorable: [String]) -> [String] {
        paths.filter { chosen in !restorable.contains { RestoreSelection(paths: [chosen]).selects($0) } }
    }
}
