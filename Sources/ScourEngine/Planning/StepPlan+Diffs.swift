import ScourCore

extension StepPlan {
    /// Keeps this step's diffs, all files together, within what one diff may show
    /// (`UnifiedDiff.shownLimit`): a step editing hundreds of large files (a glob at its
    /// `max_matches`) must not hold and print every line of them. The edits stay whole.
    mutating func limitDiffs() {
        var shown = 0
        for index in changes.indices {
            guard let diff = changes[index].diff else { continue }
            if shown > UnifiedDiff.shownLimit {
                changes[index].diff = "… diff not shown: this step's diffs passed \(UnifiedDiff.shownLimit >> 10) KiB\n"
            }
            shown += diff.utf8.count
        }
    }
}
