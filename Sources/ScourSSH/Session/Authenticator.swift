import CLibSSH2
import Foundation

/// Logs in with the first identity the server accepts, and otherwise explains why none was.
struct Authenticator {
    let session: OpaquePointer
    let target: SSHTarget

    func authenticate(with identities: [SSHIdentity]) throws {
        let user = target.user
        let offered = libssh2_userauth_list(session, user, UInt32(user.utf8.count)).map { String(cString: $0) }
        if libssh2_userauth_authenticated(session) == 1 { return }
        if offered == nil {
            // No list and not authenticated: the connection broke (a host still booting, or
            // going down) — a transient failure, not a refusal.
            let (code, text) = LibSSH2.lastError(session)
            try failIfDisconnected(code)
            throw SSHError(kind: .disconnected, host: target.host, message: "connection lost before authentication: \(text)")
        }
        let methods = offered.map { $0.split(separator: ",").map(String.init) } ?? []
        var attempts: [String] = []
        for identity in identities {
            if let failure = try attempt(identity, methods: methods) {
                attempts.append(failure)
            } else {
                return
            }
        }
        var message = "authentication as \(user) refused"
        message += attempts.isEmpty ? " (no identity to try: give --identity or start ssh-agent)" : "; tried " + attempts.joined(separator: "; ")
        message += ". The server allows: \(methods.isEmpty ? "nothing we know" : methods.joined(separator: ", "))."
        if identities.contains(where: { if case .keyFile(let path, _) = $0 { return Self.isRSAKey(path) } else { return false } }) {
            message += " Note: this libssh2 (1.10) signs RSA keys only with ssh-rsa (SHA-1), which OpenSSH 8.8 and"
                + " later refuse; use an ed25519 or ECDSA key."
        }
        throw SSHError(kind: .authenticationFailed, host: target.host, message: message)
    }

    /// Tries one identity; nil when it was accepted, else a short account of why not.
    private func attempt(_ identity: SSHIdentity, methods: [String]) throws -> String? {
        let user = target.user
        switch identity {
        case .keyFile(let path, let passphrase):
            guard methods.contains("publickey") else { return "\(identity) (server does not take keys)" }
            if let problem = KeyFileAccess.problem(at: path) {
                throw SSHError(kind: .localFile, host: target.host, message: "cannot read the key file \(path): \(problem)")
            }
            let status = libssh2_userauth_publickey_fromfile_ex(session, user, UInt32(user.utf8.count), nil, path, passphrase)
            if status == 0 { return nil }
            if status == LIBSSH2_ERROR_FILE {
                return "\(identity): cannot use the key (\(passphrase == nil ? "encrypted? a passphrase is needed" : "wrong passphrase or unknown format"))"
            }
            try failIfDisconnected(status)
            return "\(identity): refused"
        case .agent(let socket):
            guard methods.contains("publickey") else { return "ssh-agent (server does not take keys)" }
            return try agentAttempt(socket: socket)
        case .password(let password):
            guard methods.contains("password") else { return "password (not offered by the server)" }
            let status = libssh2_userauth_password_ex(
                session, user, UInt32(user.utf8.count), password, UInt32(password.utf8.count), nil)
            if status == 0 { return nil }
            try failIfDisconnected(status)
            return "password: refused"
        }
    }

    /// The socket is given explicitly rather than read from the environment by libssh2, so a
    /// caller (or a test) decides which agent is asked, without touching process-wide state.
    private func agentAttempt(socket: String) throws -> String? {
        guard let agent = libssh2_agent_init(session) else { return "ssh-agent: cannot initialise" }
        defer { libssh2_agent_free(agent) }
        libssh2_agent_set_identity_path(agent, socket)
        guard libssh2_agent_connect(agent) == 0 else { return "ssh-agent at \(socket): not running" }
        defer { libssh2_agent_disconnect(agent) }
        guard libssh2_agent_list_identities(agent) == 0 else { return "ssh-agent at \(socket): cannot list keys" }
        var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
        var tried = 0
        while true {
            var identity: UnsafeMutablePointer<libssh2_agent_publickey>?
            guard libssh2_agent_get_identity(agent, &identity, previous) == 0, let identity else { break }
            tried += 1
            let status = libssh2_agent_userauth(agent, target.user, identity)
            if status == 0 { return nil }
            try failIfDisconnected(status)
            previous = identity
        }
        return tried == 0 ? "ssh-agent at \(socket): holds no keys (add one with ssh-add)"
            : "ssh-agent at \(socket): \(tried) key\(tried == 1 ? "" : "s") refused"
    }

    private func failIfDisconnected(_ status: Int32) throws {
        let kind = LibSSH2.kind(of: status)
        if kind == .disconnected || kind == .timedOut {
            throw SSHError(kind: kind, host: target.host, message: "connection lost during authentication: \(LibSSH2.lastError(session).message)")
        }
    }

    /// Whether a private key file holds an RSA key (PEM header, OpenSSH container or `.pub`).
    static func isRSAKey(_ path: String) -> Bool {
        if let pub = try? String(contentsOfFile: path + ".pub", encoding: .utf8), pub.hasPrefix("ssh-rsa ") { return true }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        if text.contains("BEGIN RSA PRIVATE KEY") { return true }
        guard text.contains("BEGIN OPENSSH PRIVATE KEY") else { return false }
        let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let data = Data(base64Encoded: body) else { return false }
        // The unencrypted public key section names its algorithm near the start of the container.
        return data.prefix(200).range(of: Data("ssh-rsa".utf8)) != nil
    }
}
