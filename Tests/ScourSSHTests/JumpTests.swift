import Foundation
import Logging
import ScourSSH
import Testing
import TestSupport

/// Sessions through bastions: loopback sshds, one as the bastion (sshd forwards TCP by
/// default), another as the target on another port; the bastion's `direct-tcpip` channel
/// reaches the target at 127.0.0.1.
@Suite(.needs(.sshd), .serialized)
struct JumpTests {
    /// known_hosts holding every server's key, each under its own `[127.0.0.1]:port`.
    static func knownHosts(_ servers: [LoopbackSSHServer], in folder: URL) throws -> String {
        let file = folder.appendingPathComponent("all_known_hosts").path
        let lines = try servers.map { try String(contentsOfFile: $0.knownHostsFile, encoding: .utf8) }.joined()
        try lines.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Options that log in to every one of `servers` (each authorizes its own client keys). The
    /// deadline is generous unless a test is about it: in CI these tests share 2 cores with
    /// dozens of lab hosts booting, and two key exchanges in a row can take seconds there.
    static func options(_ servers: [LoopbackSSHServer], knownHosts: String, timeout: Duration = .seconds(60)) -> SSHClientOptions {
        SSHClientOptions(knownHostsFile: knownHosts, identities: servers.map { .keyFile(path: $0.ed25519Key, passphrase: nil) },
                         connectTimeout: timeout)
    }

    /// Established TCP connections to `port` on loopback, counted by the kernel.
    static func connections(toPort port: Int) async throws -> Int {
        let result = try await runProcess("/usr/bin/ss", ["-Htn", "state", "established", "( dport = :\(port) )"])
        return result.stdout.split(separator: "\n").count
    }

    @Test func exec_and_write_through_one_bastion() async throws {
        let bastion = try await LoopbackSSHServer(), target = try await LoopbackSSHServer()
        let pool = JumpPool()
        let options = Self.options([bastion, target], knownHosts: try Self.knownHosts([bastion, target], in: target.directory))
        let session = try await SSHSession.connect(to: target.target, through: [bastion.target], pool: pool, options: options,
                                                   logger: Logger(label: "test"))
        // The command ran on the target: its sshd_config is in the target's folder only.
        let seen = try await session.exec("ps -o args= -p $PPID; echo done")
        #expect(seen.stdoutText.contains("done"))
        let local = target.directory.appendingPathComponent("payload").path
        let payload = (0..<300_000).map { UInt8($0 % 251) }
        FileManager.default.createFile(atPath: local, contents: Data(payload))
        let written = try await session.write(localFile: local, to: "\(target.directory.path)/written", permissions: 0o600)
        #expect(written == payload.count)
        #expect(try Data(contentsOf: target.directory.appendingPathComponent("written")) == Data(payload))
        #expect(try await session.exec("head -c 5000000 /dev/zero | wc -c").stdoutText == "5000000\n")
        #expect(try await Self.connections(toPort: target.port) == 1, "the target sees one connection, from the bastion")
        #expect(await pool.openSessions == 1)
        await session.close()
        try await Task.sleep(for: .milliseconds(200))
        #expect(await pool.openSessions == 0, "the last host's close closes the bastion's session")
    }

    @Test func exec_and_write_through_a_chain_of_two_bastions() async throws {
        let first = try await LoopbackSSHServer(), second = try await LoopbackSSHServer(), target = try await LoopbackSSHServer()
        let all = [first, second, target]
        let pool = JumpPool()
        let options = Self.options(all, knownHosts: try Self.knownHosts(all, in: target.directory))
        let session = try await SSHSession.connect(to: target.target, through: [first.target, second.target], pool: pool,
                                                   options: options, logger: Logger(label: "test"))
        #expect(try await session.exec("echo chained").stdoutText == "chained\n")
        let local = target.directory.appendingPathComponent("small").path
        try "through two hops\n".write(toFile: local, atomically: true, encoding: .utf8)
        try await session.write(localFile: local, to: "\(target.directory.path)/arrived", permissions: 0o644)
        #expect(try String(contentsOfFile: "\(target.directory.path)/arrived", encoding: .utf8) == "through two hops\n")
        #expect(await pool.openSessions == 2, "one session to each bastion")
        #expect(try await Self.connections(toPort: first.port) == 1)
        await session.close()
    }

    /// 20 hosts on one session (its pump and the bastion's sshd carry every channel), and
    /// spread eight a session (three connections to the bastion).
    @Test(arguments: [(hostsPerSession: 20, sessions: 1), (hostsPerSession: 8, sessions: 3)])
    func twenty_hosts_share_bastion_connections(hostsPerSession: Int, sessions expected: Int) async throws {
        let bastion = try await LoopbackSSHServer(), target = try await LoopbackSSHServer()
        let pool = JumpPool(hostsPerSession: hostsPerSession)
        let options = Self.options([bastion, target], knownHosts: try Self.knownHosts([bastion, target], in: target.directory))
        let sessions = try await withThrowingTaskGroup(of: SSHSession.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await SSHSession.connect(to: target.target, through: [bastion.target], pool: pool, options: options,
                                                 logger: Logger(label: "test"))
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(sessions.count == 20)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, session) in sessions.enumerated() {
                group.addTask {
                    // Output large enough to need many window adjustments, on all 20 at once.
                    let result = try await session.exec("echo \(index); head -c 1000000 /dev/zero | wc -c")
                    #expect(result.stdoutText == "\(index)\n1000000\n")
                }
            }
            try await group.waitForAll()
        }
        #expect(try await Self.connections(toPort: bastion.port) == expected, "TCP connections to the bastion carrying all 20")
        #expect(try await Self.connections(toPort: target.port) == 20)
        #expect(await pool.openSessions == expected)
        for session in sessions { await session.close() }
        try await Task.sleep(for: .milliseconds(300))
        #expect(await pool.openSessions == 0)
        #expect(try await Self.connections(toPort: bastion.port) == 0)
    }

    @Test func uploads_and_large_outputs_cross_one_bastion_at_once() async throws {
        let bastion = try await LoopbackSSHServer(), target = try await LoopbackSSHServer()
        let pool = JumpPool()
        let options = Self.options([bastion, target], knownHosts: try Self.knownHosts([bastion, target], in: target.directory))
        let local = target.directory.appendingPathComponent("eight-mib").path
        let payload = (0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 13) }
        FileManager.default.createFile(atPath: local, contents: Data(payload))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<6 {
                group.addTask {
                    let session = try await SSHSession.connect(to: target.target, through: [bastion.target], pool: pool,
                                                               options: options, logger: Logger(label: "test"))
                    if index % 2 == 0 {
                        let remote = "\(target.directory.path)/upload-\(index)"
                        #expect(try await session.write(localFile: local, to: remote, permissions: 0o600) == payload.count)
                        #expect(try await session.exec("sha256sum < \(remote)").stdoutText.hasPrefix(await Self.sha256(local)))
                    } else {
                        let result = try await session.exec("head -c 20000000 /dev/zero", stdoutLimit: .tail(1 << 20))
                        #expect(result.stdout.count + result.stdoutDropped == 20_000_000)
                    }
                    await session.close()
                }
            }
            try await group.waitForAll()
        }
        #expect(await pool.openSessions == 0)
    }

    static func sha256(_ path: String) async throws -> String {
        String(try await runProcess("/usr/bin/sha256sum", [path]).stdout.prefix(64))
    }

    @Test func a_changed_bastion_key_is_refused_naming_the_bastion() async throws {
        let bastion = try await LoopbackSSHServer(), target = try await LoopbackSSHServer()
        // The bastion's name recorded with the target's key.
        let forged = target.directory.appendingPathComponent("forged").path
        let targetKey = target.hostPublicKey.split(separator: " ")
        try ("[127.0.0.1]:\(bastion.port) \(targetKey[0]) \(targetKey[1])\n" + String(contentsOfFile: target.knownHostsFile, encoding: .utf8))
            .write(toFile: forged, atomically: true, encoding: .utf8)
        let error = await sshError {
            _ = try await SSHSession.connect(to: target.target, through: [bastion.target], pool: JumpPool(),
                                             options: Self.options([bastion, target], knownHosts: forged), logger: Logger(label: "test"))
        }
        #expect(error?.kind == .hostKeyMismatch)
        #expect(error?.isTransient == false)
        #expect(error?.message.contains("HOST KEY CHANGED for [127.0.0.1]:\(bastion.port)") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("bastion") == true)
    }

    @Test func a_changed_target_key_behind_a_good_bastion_is_refused_naming_the_target() async throws {
        let bastion = try await LoopbackSSHServer(), target = try await LoopbackSSHServer()
        let forged = target.directory.appendingPathComponent("forged").path
        let bastionKey = bastion.hostPublicKey.split(separator: " ")
        try (String(contentsOfFile: bastion.knownHostsFile, encoding: .utf8) + "[127.0.0.1]:\(target.port) \(bastionKey[0]) \(bastionKey[1])\n")
            .write(toFile: forged, atomically: true, encoding: .utf8)
        for policy in [HostKeyPolicy.strict, .acceptNew] {
            var options = Self.options([bastion, target], knownHosts: forged)
            options.hostKeyPolicy = policy
            let error = await sshError {
                _ = try await SSHSession.connect(to: target.target, through: [bastion.target], pool: JumpPool(), options: options,
                                                 logger: Logger(label: "test"))
            }
            #expect(error?.kind == .hostKeyMismatch)
            #expect(error?.message.contains("HOST KEY CHANGED for [127.0.0.1]:\(target.port)") == true, "\(error?.message ?? "")")
        }
    }

    @Test func an_unknown_target_is_refused_in_strict_mode_and_recorded_with_accept_new() async throws {
        let bastion = try await LoopbackSSHServer(), target = try await LoopbackSSHServer()
        let file = target.directory.appendingPathComponent("only_bastion").path
        try String(contentsOfFile: bastion.knownHostsFile, encoding: .utf8).write(toFile: file, atomically: true, encoding: .utf8)
        var options = Self.options([bastion, target], knownHosts: file)
        let strict = await sshError {
            _ = try await SSHSession.connect(to: target.target, through: [bastion.target], pool: JumpPool(), options: options,
                                             logger: Logger(label: "test"))
        }
        #expect(strict?.kind == .hostKeyUnknown)
        options.hostKeyPolicy = .acceptNew
        let session = try await SSHSession.connect(to: target.target, through: [bastion.target], pool: JumpPool(), options: options,
                                                   logger: Logger(label: "test"))
        await session.close()
        #expect(try String(contentsOfFile: file, encoding: .utf8).contains("[127.0.0.1]:\(target.port) ssh-ed25519 "))
    }

    @Test func a_dead_bastion_fails_its_hosts_promptly_and_transiently() async throws {
        // Timed in a process of its own: in a full run other suites hold the pool threads the task
        // resumes on, and the clock would be read late.
        try await inProcessOfItsOwn {
            let bastion = try await LoopbackSSHServer(), target = try await LoopbackSSHServer()
            let options = Self.options([bastion, target], knownHosts: try Self.knownHosts([bastion, target], in: target.directory))
            let pool = JumpPool()
            // Mid-session: the bastion's connection dies; the hosts behind it notice at once.
            let session = try await SSHSession.connect(to: target.target, through: [bastion.target], pool: pool, options: options,
                                                       logger: Logger(label: "test"))
            try await bastion.killConnections()
            let clock = ContinuousClock()
            var start = clock.now
            let lost = await sshError { _ = try await session.exec("sleep 30", timeout: .seconds(60)) }
            #expect(lost?.isTransient == true, "\(lost?.description ?? "")")
            #expect(clock.now - start < .seconds(3))
            await session.close()

            // Down: every host behind it fails at once, transiently, naming the bastion.
            await bastion.stop()
            start = clock.now
            let errors = await withTaskGroup(of: SSHError?.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        await sshError {
                            _ = try await SSHSession.connect(to: target.target, through: [bastion.target], pool: pool, options: options,
                                                             logger: Logger(label: "test"))
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(clock.now - start < .seconds(2))
            for error in errors {
                #expect(error?.kind == .connectionRefused)
                #expect(error?.isTransient == true)
                #expect(error?.host == "127.0.0.1")
                #expect(error?.message.contains("through the bastion root@127.0.0.1:\(bastion.port)") == true, "\(error?.message ?? "")")
            }
        }
    }

    @Test func a_host_that_drops_connections_does_not_hold_up_the_others() async throws {
        // Timed in a process of its own: in a full run other suites hold the pool threads the task
        // resumes on, and the clock would be read late.
        try await inProcessOfItsOwn {
            let bastion = try await LoopbackSSHServer(), target = try await LoopbackSSHServer()
            let bastionTarget = bastion.target
            let silent = try SilentPort()
            defer { silent.close() }
            let pool = JumpPool()
            // Behind the stalled open the good host would wait for its whole 20 s timeout; retiring
            // the session takes 2 s, then a second session logs in (seconds when CI loads the cores).
            let options = Self.options([bastion, target], knownHosts: try Self.knownHosts([bastion, target], in: target.directory),
                                       timeout: .seconds(20))
            let logger = Logger(label: "test")
            let silentTarget = SSHTarget(host: "127.0.0.1", port: silent.port, user: "root")
            let stuck = Task {
                await sshError {
                    _ = try await SSHSession.connect(to: silentTarget, through: [bastionTarget],
                                                     pool: pool, options: options, logger: logger)
                }
            }
            try await Task.sleep(for: .milliseconds(500))
            let clock = ContinuousClock()
            let start = clock.now
            let session = try await SSHSession.connect(to: target.target, through: [bastion.target], pool: pool, options: options, logger: logger)
            #expect(clock.now - start < .seconds(10), "waited behind the stalled open")
            #expect(await pool.openSessions == 2, "the stalled session was retired for new hosts, a second one opened")
            #expect(try await session.exec("echo past").stdoutText == "past\n")
            let error = await stuck.value
            #expect(error?.kind == .timedOut)
            await session.close()
        }
    }

    @Test func a_hung_bastion_fails_at_the_connect_deadline() async throws {
        // Timed in a process of its own: in a full run other suites hold the pool threads the task
        // resumes on, and the clock would be read late.
        try await inProcessOfItsOwn {
            let bastion = try await LoopbackSSHServer(), target = try await LoopbackSSHServer()
            bastion.signal(SIGSTOP)
            let options = Self.options([bastion, target], knownHosts: try Self.knownHosts([bastion, target], in: target.directory),
                                       timeout: .seconds(1))
            let clock = ContinuousClock()
            let start = clock.now
            let error = await sshError {
                _ = try await SSHSession.connect(to: target.target, through: [bastion.target], pool: JumpPool(), options: options,
                                                 logger: Logger(label: "test"))
            }
            #expect(error?.kind == .timedOut)
            #expect(clock.now - start < .seconds(3))
        }
    }
}

/// A loopback port whose accept queue is full, so the kernel drops every new SYN: a connection
/// to it neither succeeds nor fails until the connector gives up (a host behind a firewall
/// that drops packets).
final class SilentPort {
    let port: Int
    private var fds: [Int32] = []

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(listener, pointer, length) == 0, listen(listener, 0) == 0 else { return -1 }
                return getsockname(listener, pointer, &length)
            }
        }
        guard bound == 0 else { throw FixtureError("cannot bind a silent port") }
        port = Int(UInt16(bigEndian: address.sin_port))
        fds.append(listener)
        for _ in 0..<2 {  // fill the accept queue (never accepted)
            let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            fds.append(client)
        }
        usleep(100_000)
    }

    func close() {
        for fd in fds { Glibc.close(fd) }
        fds = []
    }
}
