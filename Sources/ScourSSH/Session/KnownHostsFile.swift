import CLibSSH2
import Foundation

/// Reading and appending an OpenSSH known_hosts file, done here rather than by libssh2's
/// `readfile`, which stops at the first line it cannot parse (an unknown key type, a `@revoked`
/// marker) and would silently forget every key recorded after it, and whose `writefile`
/// rewrites the whole file from what it could parse. libssh2 is used only to match hashed
/// (`|1|salt|hash`) names, which it does exactly as its own check does.
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

    let path: String

    /// Every line recording a host key, in file order: not blank, not a comment, not a
    /// `@cert-authority` or `@revoked` line (those hold no host's own key).
    func entries() -> [Entry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        var entries: [Entry] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard fields.count >= 3, !fields[0].hasPrefix("#"), !fields[0].hasPrefix("@") else { continue }
            entries.append(Entry(line: index + 1, names: String(fields[0]), keyType: String(fields[1]), key: String(fields[2])))
        }
        return entries
    }

    /// The entries recording a key, of any type, for `target`, under the names libssh2's check
    /// tries: `[host]:port`, then `host`. Plain names are compared here; hashed ones are handed
    /// to libssh2 one line at a time, so each match keeps its line number.
    func entries(for target: SSHTarget) -> [Entry] {
        let all = entries()
        let names: Set<Substring> = [Substring("[\(target.host)]:\(target.port)"), Substring(target.host)]
        var session: OpaquePointer?
        defer { if let session { libssh2_session_free(session) } }
        return all.filter { entry in
            guard entry.isHashed else { return entry.names.split(separator: ",").contains(where: names.contains) }
            if session == nil, LibSSH2.initialized { session = libssh2_session_init_ex(nil, nil, nil, nil) }
            guard let session else { return false }
            return Self.hashedName(of: entry, matches: target, session: session)
        }
    }

    /// Whether the hashed host field of `entry` names `target`. Only the name is handed to libssh2,
    /// with a stand-in key of a type it knows, so lines of key types it does not know still count.
    private static func hashedName(of entry: Entry, matches target: SSHTarget, session: OpaquePointer) -> Bool {
        guard let collection = libssh2_knownhost_init(session) else { return false }
        defer { libssh2_knownhost_free(collection) }
        let line = "\(entry.names) ssh-ed25519 \(standInKey)\n"
        guard libssh2_knownhost_readline(collection, line, line.utf8.count, LIBSSH2_KNOWNHOST_FILE_OPENSSH) == 0 else {
            return false
        }
        // No key type in the mask: a name match with any key reads as a mismatch against this probe key.
        let probe: [CChar] = [0x2D]
        let result = libssh2_knownhost_checkp(
            collection, target.host, Int32(target.port), probe, probe.count,
            LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW, nil)
        return result == LIBSSH2_KNOWNHOST_CHECK_MISMATCH || result == LIBSSH2_KNOWNHOST_CHECK_MATCH
    }

    /// An ed25519 key of zeros: libssh2 refuses lines whose key is shorter than a real one.
    private static let standInKey = "AAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

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
