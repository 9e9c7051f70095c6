import Foundation

/// Folders the labs of this machine created so their hosts could bind private copies over
/// them (`/var/www` on a machine without a web server). Shared by every lab: one lab going
/// down must not pull a mount point from under another lab's host, so only the last lab to
/// go down removes them. The list lives in /run, which no lab host binds over.
enum CreatedMountPoints {
    static let registry = "/run/scour-lab-mount-points"

    /// Creates the missing ones among `paths` and records them.
    static func create(_ paths: [String]) throws {
        try locked { recorded in
            for path in paths where !FileManager.default.fileExists(atPath: path) {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                if !recorded.contains(path) { recorded.append(path) }
            }
        }
    }

    /// Removes every recorded folder that is still empty (deepest first); returns them.
    static func removeAll() throws -> [String] {
        var removed: [String] = []
        try locked { recorded in
            for path in recorded.sorted(by: >) where rmdir(path) == 0 { removed.append(path) }
            recorded = []
        }
        try? FileManager.default.removeItem(atPath: registry)
        return removed.sorted()
    }

    /// Runs `body` on the recorded list under an exclusive lock, then writes the list back.
    private static func locked(_ body: (inout [String]) throws -> Void) throws {
        let descriptor = open(registry, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw LabError.failed("cannot open \(registry): \(String(cString: strerror(errno)))") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }
        var recorded = String(decoding: (try handle.readToEnd()) ?? Data(), as: UTF8.self).split(separator: "\n").map(String.init)
        try body(&recorded)
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(recorded.map { $0 + "\n" }.joined().utf8))
    }
}
