/// Runs `body` for every element with at most `limit` running at once, a sliding window: a new
/// element starts as soon as any running one finishes (Salt's `--batch-size`, not fixed batches,
/// so one slow host does not hold back the rest). Results are delivered to `onResult` on the
/// calling task, in completion order.
public func forEachConcurrently<Element: Sendable, Result: Sendable>(
    _ elements: [Element],
    limit: Int,
    _ body: @escaping @Sendable (Element) async -> Result,
    onResult: (Result) async -> Void
) async {
    await withTaskGroup(of: Result.self) { group in
        var pending = elements.makeIterator()
        for _ in 0..<max(1, limit) {
            guard let element = pending.next() else { break }
            group.addTask { await body(element) }
        }
        while let result = await group.next() {
            await onResult(result)
            if let element = pending.next() {
                group.addTask { await body(element) }
            }
        }
    }
}
