import CLibCrypto
import Foundation

/// A known_hosts file's entries as read once, found by name: plain names (`name`,
/// `[name]:port`, comma-separated) in a dictionary, hashed ones (`|1|salt|hash`: the name's
/// HMAC-SHA1 keyed by the salt, as `ssh-keygen -H` and `HashKnownHosts` write them) grouped by
/// salt, so a name is hashed once per distinct salt rather than once per line. Reading and
/// matching the whole file for every connection cost ~12 % of the controller's CPU at 1,000
/// hosts, and grew with the square of the fleet.
struct KnownHostsIndex {
    private(set) var entries: [KnownHostsFile.Entry] = []
    /// The file's lines so far: an entry appended by this process goes on the next one.
    private(set) var lineCount = 0
    private var byName: [String: [Int]] = [:]
    private var bySalt: [[UInt8]: [(hash: [UInt8], entry: Int)]] = [:]

    init(text: String = "") {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if text.hasSuffix("\n") || text.isEmpty { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard fields.count >= 3, !fields[0].hasPrefix("#"), !fields[0].hasPrefix("@") else { continue }
            add(KnownHostsFile.Entry(line: index + 1, names: String(fields[0]), keyType: String(fields[1]), key: String(fields[2])))
        }
        lineCount = lines.count
    }

    /// Adds an entry written on the line after the last.
    mutating func append(names: String, keyType: String, key: String) {
        lineCount += 1
        add(KnownHostsFile.Entry(line: lineCount, names: names, keyType: keyType, key: key))
    }

    private mutating func add(_ entry: KnownHostsFile.Entry) {
        let position = entries.count
        entries.append(entry)
        if entry.isHashed {
            // `|1|base64(salt)|base64(hash)`; any other form names no host (OpenSSH skips it too).
            let parts = entry.names.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 4, parts[1] == "1", let salt = Data(base64Encoded: String(parts[2])),
                  let hash = Data(base64Encoded: String(parts[3])) else { return }
            bySalt[Array(salt), default: []].append((Array(hash), position))
        } else {
            for name in Set(entry.names.split(separator: ",")) { byName[String(name), default: []].append(position) }
        }
    }

    /// The entries recording a key, of any type, for `target`, in file order, under the names
    /// OpenSSH and libssh2 try: `[host]:port`, and `host` itself.
    func entries(for target: SSHTarget) -> [KnownHostsFile.Entry] {
        let names = Set(["[\(target.host)]:\(target.port)", target.host])
        var found = Set(names.flatMap { byName[$0] ?? [] })
        for (salt, hashed) in bySalt {
            let hashes = Set(names.map { Self.hmacSHA1(key: salt, message: Array($0.utf8)) })
            for (hash, position) in hashed where hashes.contains(hash) { found.insert(position) }
        }
        return found.sorted().map { entries[$0] }
    }

    static func hmacSHA1(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = HMAC(EVP_sha1(), key, Int32(key.count), message, message.count, &digest, &length)
        return Array(digest.prefix(Int(length)))
    }
}
