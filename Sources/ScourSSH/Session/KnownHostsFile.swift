import Foundation

/// Reading and appending an OpenSSH known_hosts file, done here rather than by libssh2's
/// `readfile`, which stops at the first line it cannot parse (an unknown key type, a `@revoked`
/// marker) and would silently forget every key recorded after it, and whose `writefile`
/// rewrites the whole file from what it could parse. `KnownHostsIndex` finds a host's entries.
struct KnownHostsFile {
    /// One line recording a host key.
    struct Entry: Equatable {
        /// 1-based, for messages that point the user at it.
        var line: Int
        /// The host field as written: `name,name`, `[name]:port` or a hashed `|1|salt|hash`.
        var names: String
        var keyType: String
        /// The key as written: base64 of its wire blob.
        var key: String

        var isHashed: Bool { names.hasPrefix("|") }
    }

    /// Which version of the file a read saw: another program's change alters one of these.
    struct Identity: Equatable {
        var device: UInt64, inode: UInt64, size: Int64, modified: timespec

        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
            size = Int64(status.st_size)
            modified = status.st_mtim
        }

        static func == (a: Identity, b: Identity) -> Bool {
            (a.device, a.inode, a.size, a.modified.tv_sec, a.modified.tv_nsec) == (b.device, b.inode, b.size, b.modified.tv_sec, b.modified.tv_nsec)
        }
    }

    let path: String

    /// The file's identity now; nil when there is no file.
    func identity() -> Identity? {
        var status = stat()
        return stat(path, &status) == 0 ? Identity(status) : nil
    }

    /// The file's text and the identity of what was read (nil and empty when there is no file).
    func read() -> (identity: Identity?, text: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return (nil, "") }
        defer { try? handle.close() }
        var status = stat()
        guard fstat(handle.fileDescriptor, &status) == 0, let data = try? handle.readToEnd() else { return (nil, "") }
        return (Identity(status), String(decoding: data, as: UTF8.self))
    }

    /// Appends `name keyType base64` under an exclusive lock, creating the file (0600) and its
    /// folder if needed, and flushes it to disk before returning. Returns the file's identity
    /// right before and after the line, so a reader can tell whether anyone else wrote meanwhile.
    @discardableResult
    func append(name: String, keyType: String, key: [UInt8]) throws -> (before: Identity, after: Identity) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { flock(fd, LOCK_UN) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let before = Identity(status)
        // Start on a fresh line if the file does not end with one.
        var prefix = ""
        let size = lseek(fd, 0, SEEK_END)
        if size > 0 {
            let reader = open(path, O_RDONLY | O_CLOEXEC)
            if reader >= 0 {
                var last: UInt8 = 0
                if pread(reader, &last, 1, size - 1) == 1 && last != UInt8(ascii: "\n") { prefix = "\n" }
                close(reader)
            }
        }
        let line = Array((prefix + "\(name) \(keyType) \(Data(key).base64EncodedString())\n").utf8)
        guard line.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == line.count, fsync(fd) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        guard fstat(fd, &status) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return (before, Identity(status))
    }
}
