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

/// Checks the server's key against known_hosts under the session's `HostKeyPolicy`. A host with
/// any key on record — of any type, under a plain, `[host]:port` or hashed name — is known: a
/// key it does not hold is refused as changed under either policy, as OpenSSH's `accept-new`
/// refuses it; only a host with nothing on record is new.
struct HostKeyVerifier {
    let file: KnownHostsFile
    let policy: HostKeyPolicy
    let target: SSHTarget
    /// What the file records for this host (`KnownHostsCache`: the file is read once per process).
    let recorded: [KnownHostsFile.Entry]

    init(file: KnownHostsFile, policy: HostKeyPolicy, target: SSHTarget) {
        self.file = file
        self.policy = policy
        self.target = target
        recorded = KnownHostsCache.shared.entries(for: target, in: file)
    }

    /// The host key algorithms to ask for: the types on record for this host first (libssh2
    /// 1.10 would otherwise pick ECDSA over an ed25519 key on record, libssh2 #638, and the
    /// host would read as changed), then OpenSSH's order.
    var algorithmPreference: String {
        let known = recorded.map(\.keyType).filter { HostKey.defaultPreference.contains($0) }
        var seen = Set<String>()
        return (known + HostKey.defaultPreference).filter { seen.insert($0).inserted }.joined(separator: ",")
    }

    /// Matches the key against the entries read at the start (`session` is not needed: names
    /// are matched by `KnownHostsIndex`, keys compared here by type and blob).
    func verify(_ key: HostKey, session _: OpaquePointer) throws {
        let offered = Data(key.blob)
        if recorded.contains(where: { $0.keyType == key.typeName && Data(base64Encoded: $0.key) == offered }) { return }
        if let entry = recorded.first(where: { $0.keyType == key.typeName }) ?? recorded.first {
            let kind = entry.keyType == key.typeName ? "a different \(entry.keyType) key" : "a \(entry.keyType) key"
            throw SSHError(kind: .hostKeyMismatch, host: target.host, message: """
                HOST KEY CHANGED for \(target.knownHostsName): the server offered \(key.typeName) \(key.fingerprint), \
                but \(file.path):\(entry.line) records \(kind) for it\(entry.isHashed ? " (a hashed entry)" : ""). \
                This may be an attack (or the host was reinstalled): check the new key out of band, then remove \
                the old line; Scour never replaces a recorded key, not even with --accept-new-host-keys.
                """)
        }
        guard policy == .acceptNew else {
            throw SSHError(kind: .hostKeyUnknown, host: target.host, message: """
                unknown host key: \(target.knownHostsName) offered \(key.typeName) \(key.fingerprint), and \(file.path) \
                has no key for it. Add it (ssh-keyscan, checked out of band) or pass --accept-new-host-keys \
                to record it on first use.
                """)
        }
        do {
            try KnownHostsCache.shared.append(name: target.knownHostsName, keyType: key.typeName, key: key.blob, to: file)
        } catch {
            throw SSHError(kind: .localFile, host: target.host, message: "cannot record the host key in \(file.path): \(error)")
        }
    }
}
