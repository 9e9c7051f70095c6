import CLibSSH2
import Foundation

/// The key a server offered during the key exchange.
struct HostKey {
    var blob: [UInt8]
    /// libssh2's `LIBSSH2_HOSTKEY_TYPE_*`.
    var type: Int32
    /// OpenSSH's form: `SHA256:` and unpadded base64 of the key's SHA-256.
    var fingerprint: String

    /// The key's algorithm name as known_hosts writes it.
    var typeName: String { Self.typeNames[type] ?? "unknown" }

    /// The libssh2 known-host flag for this key type; checks must pass it, or a key of another
    /// type on record for the host reads as a mismatch (libssh2 #42).
    var knownHostKeyBits: Int32 {
        switch type {
        case LIBSSH2_HOSTKEY_TYPE_RSA: return LIBSSH2_KNOWNHOST_KEY_SSHRSA
        case LIBSSH2_HOSTKEY_TYPE_DSS: return LIBSSH2_KNOWNHOST_KEY_SSHDSS
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: return LIBSSH2_KNOWNHOST_KEY_ECDSA_256
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: return LIBSSH2_KNOWNHOST_KEY_ECDSA_384
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: return LIBSSH2_KNOWNHOST_KEY_ECDSA_521
        case LIBSSH2_HOSTKEY_TYPE_ED25519: return LIBSSH2_KNOWNHOST_KEY_ED25519
        default: return LIBSSH2_KNOWNHOST_KEY_UNKNOWN
        }
    }

    static let typeNames: [Int32: String] = [
        LIBSSH2_HOSTKEY_TYPE_RSA: "ssh-rsa", LIBSSH2_HOSTKEY_TYPE_DSS: "ssh-dss",
        LIBSSH2_HOSTKEY_TYPE_ECDSA_256: "ecdsa-sha2-nistp256", LIBSSH2_HOSTKEY_TYPE_ECDSA_384: "ecdsa-sha2-nistp384",
        LIBSSH2_HOSTKEY_TYPE_ECDSA_521: "ecdsa-sha2-nistp521", LIBSSH2_HOSTKEY_TYPE_ED25519: "ssh-ed25519",
    ]

    /// Host key algorithms in the order OpenSSH prefers them, for those libssh2 1.10 knows.
    static let defaultPreference = [
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa",
    ]

    init?(session: OpaquePointer) {
        var length = 0
        var type: Int32 = 0
        guard let pointer = libssh2_session_hostkey(session, &length, &type) else { return nil }
        blob = Array(UnsafeRawBufferPointer(start: pointer, count: length))
        self.type = type
        let hash = libssh2_hostkey_hash(session, LIBSSH2_HOSTKEY_HASH_SHA256)
        let digest = hash.map { Data(bytes: $0, count: 32) } ?? Data()
        fingerprint = "SHA256:" + digest.base64EncodedString().replacingOccurrences(of: "=", with: "")
    }
}

/// Checks the server's key against known_hosts under the session's `HostKeyPolicy`.
struct HostKeyVerifier {
    let file: KnownHostsFile
    let policy: HostKeyPolicy
    let target: SSHTarget

    /// The host key algorithms to ask for: the types on record for this host first (libssh2
    /// 1.10 would otherwise pick ECDSA over an ed25519 key on record and report a false
    /// mismatch, libssh2 #638), then OpenSSH's order.
    var algorithmPreference: String {
        let recorded = file.plainEntries(for: target.knownHostsName).map(\.keyType)
            .filter { HostKey.defaultPreference.contains($0) }
        var seen = Set<String>()
        return (recorded + HostKey.defaultPreference).filter { seen.insert($0).inserted }.joined(separator: ",")
    }

    func verify(_ key: HostKey, session: OpaquePointer) throws {
        guard let knownHosts = libssh2_knownhost_init(session) else {
            throw SSHError(kind: .protocolFailure, host: target.host, message: "cannot initialise known hosts")
        }
        defer { libssh2_knownhost_free(knownHosts) }
        if FileManager.default.fileExists(atPath: file.path) {
            _ = libssh2_knownhost_readfile(knownHosts, file.path, LIBSSH2_KNOWNHOST_FILE_OPENSSH)
        }
        let mask = LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | key.knownHostKeyBits
        let result = key.blob.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                libssh2_knownhost_checkp(knownHosts, target.host, Int32(target.port), chars.baseAddress, key.blob.count, mask, nil)
            }
        }
        switch result {
        case LIBSSH2_KNOWNHOST_CHECK_MATCH:
            return
        case LIBSSH2_KNOWNHOST_CHECK_MISMATCH:
            let recorded = file.plainEntries(for: target.knownHostsName).filter { $0.keyType == key.typeName }
            let location = recorded.first.map { "\(file.path):\($0.line)" } ?? "\(file.path) (a hashed entry)"
            throw SSHError(kind: .hostKeyMismatch, host: target.host, message: """
                HOST KEY CHANGED for \(target.knownHostsName): the server offered \(key.typeName) \(key.fingerprint), \
                which differs from the key recorded at \(location). This may be an attack (or the host was \
                reinstalled): check the new key out of band, then remove the old line; Scour never replaces it.
                """)
        case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND:
            guard policy == .acceptNew else {
                throw SSHError(kind: .hostKeyUnknown, host: target.host, message: """
                    unknown host key: \(target.knownHostsName) offered \(key.typeName) \(key.fingerprint), and \(file.path) \
                    has no key for it. Add it (ssh-keyscan, checked out of band) or pass --accept-new-host-keys \
                    to record it on first use.
                    """)
            }
            do {
                try file.append(name: target.knownHostsName, keyType: key.typeName, key: key.blob)
            } catch {
                throw SSHError(kind: .localFile, host: target.host,
                               message: "cannot record the host key in \(file.path): \(error)")
            }
        default:
            throw SSHError(kind: .protocolFailure, host: target.host,
                           message: "cannot check the host key against \(file.path)")
        }
    }
}
