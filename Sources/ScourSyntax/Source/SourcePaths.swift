import Foundation

/// Interned file paths: a `SourceRange` holds a small number instead of the path, because
/// every node of the syntax tree holds several ranges and a path is a heap string whose
/// reference count each copy of a range would otherwise touch (a quarter of `scour check`'s
/// time on a large playbook).
final class SourcePaths: @unchecked Sendable {
    static let shared = SourcePaths()
    private let lock = NSLock()
    private var paths: [String] = []
    private var ids: [String: Int] = [:]

    func id(_ path: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        if let id = ids[path] { return id }
        paths.append(path)
        ids[path] = paths.count - 1
        return paths.count - 1
    }

    func path(_ id: Int) -> String {
        lock.lock()
        defer { lock.unlock() }
        return paths[id]
    }
}
