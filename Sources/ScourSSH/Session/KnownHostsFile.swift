import Foundation

/// Plain reading and appending of an OpenSSH known_hosts file, for what libssh2 does not offer:
/// which key types are on record for a host (to ask the server for one of those), where a
/// recorded key is (to say so in a mismatch error), and a safe append (libssh2's `writefile`
/// rewrites the whole file from what it could parse, and its parser stops at the first line it
/// does not know — it would drop the rest of the user's file).
struct KnownHostsFile {
    struct Entry {
        var line: Int
        var keyType: String
    }

    let path: String

    /// Plain (unhashed) entries naming `name`, in file order. Hashed (`|1|…`) entries are
    /// matched by libssh2 itself and not listed here.
    func plainEntries(for name: String) -> [Entry] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        var entries: [Entry] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 3, !fields[0].hasPrefix("#"), !fields[0].hasPrefix("@"), !fields[0].hasPrefix("|") else {
                continue
            }
            if fields[0].split(separator: ",").contains(where: { $0 == name }) {
                entries.append(Entry(line: index + 1, keyType: String(fields[1])))
            }
        }
        return entries
    }

    /// Appends `name keyType base64` under an exclusive lock, creating the file (0600) and its
    /// folder if needed, and flushes it to disk before returning.
    func append(name: String, keyType: String, key: [UInt8]) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { flock(fd, LOCK_UN) }
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
    }
}
