import Foundation
import ScourEngine
import ScourLab
import Synchronization

/// A real OpenSSH server on 127.0.0.1 for the transport tests: its own config, host key,
/// authorized keys and a free port. Started only in a test that carries `.needs(.sshd)` and
/// stopped after it (`FixtureTeardown`), if the test has not stopped it. Client keys of every
/// kind the tests need are generated with it. Its waits (ssh-keygen, sshd) are awaited on
/// threads of their own, never on Swift's pool.
public final class LoopbackSSHServer: @unchecked Sendable {
    public let directory: URL
    public let port: Int
    public let user: String
    /// known_hosts holding this server's key under `[127.0.0.1]:port`.
    public let knownHostsFile: String
    /// Authorized client keys.
    public let ed25519Key: String, ecdsaKey: String, encryptedKey: String, rsaKey: String
    public let encryptedKeyPassphrase = "correct horse"
    /// A valid key that is not authorized.
    public let strangerKey: String
    /// The server's host key (public line) — for tests that need to forge a mismatch.
    public let hostPublicKey: String
    private let process: DaemonProcess

    /// `hostKeyType`: the only host key the server has, so it offers no other (`ssh-keygen -t`).
    /// `alsoAuthorize`: private keys of other fixtures (their `.pub` beside them) to accept too,
    /// so one key logs in to a bastion and the host behind it.
    public init(hostKeyType: String = "ed25519", alsoAuthorize: [String] = []) async throws {
        let teardown = try FixtureTeardown.ofTheRunningTest(starting: "sshd")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("scour-sshd-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let path = directory.path
        user = "root"
        func keygen(_ name: String, _ type: String, passphrase: String = "") async throws -> String {
            let file = "\(path)/\(name)"
            let bits = type == "rsa" ? ["-b", "2048"] : []
            let result = try await runProcess("/usr/bin/ssh-keygen", ["-q", "-t", type] + bits + ["-N", passphrase, "-f", file, "-C", name])
            guard result.status == 0 else { throw FixtureError("ssh-keygen \(type): \(result.stderr)") }
            return file
        }
        let hostKey = try await keygen("host_\(hostKeyType)", hostKeyType)
        ed25519Key = try await keygen("client_ed25519", "ed25519")
        ecdsaKey = try await keygen("client_ecdsa", "ecdsa")
        encryptedKey = try await keygen("client_encrypted", "ed25519", passphrase: "correct horse")
        rsaKey = try await keygen("client_rsa", "rsa")
        strangerKey = try await keygen("stranger_ed25519", "ed25519")
        let authorized = try ([ed25519Key, ecdsaKey, encryptedKey, rsaKey] + alsoAuthorize)
            .map { try String(contentsOfFile: $0 + ".pub", encoding: .utf8) }.joined()
        try authorized.write(toFile: "\(path)/authorized_keys", atomically: true, encoding: .utf8)
        hostPublicKey = try String(contentsOfFile: hostKey + ".pub", encoding: .utf8)
        port = try Self.freePort()
        let keyFields = hostPublicKey.split(separator: " ")
        knownHostsFile = "\(path)/known_hosts"
        try "[127.0.0.1]:\(port) \(keyFields[0]) \(keyFields[1])\n".write(toFile: knownHostsFile, atomically: true, encoding: .utf8)
        // SetEnv SHLVL=1: bash run by sshd reads ~/.bashrc even for `bash -c`; this machine's
        // runs `pyenv rehash`, which waits up to 60 s on one global lock, so 200 logins at once
        // (ExecTests) held every other test's shell for a minute. With SHLVL set, bash skips it.
        let config = """
            ListenAddress 127.0.0.1:\(port)
            HostKey \(hostKey)
            AuthorizedKeysFile \(path)/authorized_keys
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            PidFile none
            UseDNS no
            MaxStartups 1000:30:1000
            MaxSessions 100
            Subsystem sftp internal-sftp
            LogLevel ERROR
            SetEnv SHLVL=1

            """
        try config.write(toFile: "\(path)/sshd_config", atomically: true, encoding: .utf8)
        process = try DaemonProcess.spawn("/usr/sbin/sshd", ["-D", "-e", "-f", "\(path)/sshd_config"])
        teardown.add { [self] in await stop() }
        try await Self.waitForListener(port: port)
    }

    /// Stops the server (it is gone when this returns) and removes its files.
    public func stop() async {
        guard !stopped.withLock({ let was = $0; $0 = true; return was }) else { return }
        process.signal(SIGCONT)
        await process.terminate()
        try? FileManager.default.removeItem(at: directory)
    }
    private let stopped = Mutex(false)

    /// Sends a signal to the listening sshd (SIGSTOP to make it hang, SIGCONT to resume).
    public func signal(_ signal: Int32) { process.signal(signal) }

    /// Kills the sshd processes serving this server's open connections (the listener's
    /// children), as a crashed machine would drop them; the listener stays.
    public func killConnections() async throws {
        _ = try await runProcess("/usr/bin/pkill", ["-KILL", "-P", "\(process.pid)"])
    }

    /// Ports are taken below the kernel's ephemeral range (32768 and up), where port-0 binds
    /// and outgoing connections get theirs: a port picked there could be handed to another
    /// test's listener (a server that never answers) before sshd binds it, and a client would
    /// then talk to that one. Each process walks its own offset; a port in use is skipped.
    private static let nextPort = Mutex(Int(getpid()) * 97 % 12_000)

    private static func freePort() throws -> Int {
        for _ in 0..<12_000 {
            let port = 20_000 + nextPort.withLock { value -> Int in
                defer { value = (value + 1) % 12_000 }
                return value
            }
            if isFree(port) { return port }
        }
        throw FixtureError("cannot find a free port in 20000-31999")
    }

    private static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    private static func waitForListener(port: Int) async throws {
        for _ in 0..<100 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(fd)
            if connected == 0 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw FixtureError("sshd did not start listening on 127.0.0.1:\(port)")
    }
}

public struct FixtureError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
