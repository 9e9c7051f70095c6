import Foundation
import Synchronization

/// Each known_hosts file read once per process: every connection of a run looks its host up in
/// the same index. The file is read again only when it changed under another program (its
/// device, inode, size or modification time differ); a key this process records itself
/// (`accept-new`) is added to the index in place, so a fleet seen for the first time is not
/// read again once per new host.
final class KnownHostsCache: Sendable {
    static let shared = KnownHostsCache()

    private struct Cached {
        var identity: KnownHostsFile.Identity?
        var index: KnownHostsIndex
    }

    private let files = Mutex<[String: Cached]>([:])

    /// What `file` records for `target`.
    func entries(for target: SSHTarget, in file: KnownHostsFile) -> [KnownHostsFile.Entry] {
        index(of: file).entries(for: target)
    }

    /// Appends a key to `file` and to its index.
    func append(name: String, keyType: String, key: [UInt8], to file: KnownHostsFile) throws {
        let written = try file.append(name: name, keyType: keyType, key: key)
        files.withLock { files in
            // Another program's change between our read and our write: read the file again next time.
            guard var cached = files[file.path], cached.identity == written.before else {
                files[file.path] = nil
                return
            }
            cached.index.append(names: name, keyType: keyType, key: Data(key).base64EncodedString())
            cached.identity = written.after
            files[file.path] = cached
        }
    }

    private func index(of file: KnownHostsFile) -> KnownHostsIndex {
        files.withLock { files in
            let identity = file.identity()
            if let cached = files[file.path], cached.identity == identity { return cached.index }
            let (read, text) = file.read()
            let index = KnownHostsIndex(text: text)
            files[file.path] = Cached(identity: read, index: index)
            return index
        }
    }
}
