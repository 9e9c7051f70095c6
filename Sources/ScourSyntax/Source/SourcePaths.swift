import Foundation

/// Interned file paths: a `SourceRange` holds a small number instead of the path, because
/// every node of the syntax tree holds several ranges and a path is a heap string whose
/// reference count each copy of a range would otherwise touch (a quarter of `scour check`'s
/// time on a large playbook).
final class SourcePaths: @unchecked Sendable {
    static let shared = SourcePaths()
    private let lock = NSLock()
    private var paths: [String] = []
    private var ids: [String: UInt32] = [:]

    func id(_ path: String) -> UInt32 {
        lock.lock()
        defer { lock.unlock() }
        if let id = ids[path] { return id }
        paths.append(path)
        let id = UInt32(paths.count - 1)
        ids[path] = id
        return id
    }

    func path(_ id: UInt32) -> String {
        lock.lock()
        defer { lock.unlock() }
        return paths[Int(id)]
    }
}
