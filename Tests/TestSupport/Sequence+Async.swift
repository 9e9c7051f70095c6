extension Sequence {
    /// `map` with an async transform, one element after another.
    public func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }

    /// `filter` with an async predicate, one element after another.
    public func asyncFilter(_ isIncluded: (Element) async throws -> Bool) async rethrows -> [Element] {
        var results: [Element] = []
        for element in self where try await isIncluded(element) { results.append(element) }
        return results
    }
}
