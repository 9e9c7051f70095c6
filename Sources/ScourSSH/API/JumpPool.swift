import Foundation
import Logging

/// The jump sessions of one command, shared: the hosts behind a bastion — the same chain of
/// hops, each the same user, address and port — ride in channels of a few sessions to it, up
/// to `hostsPerSession` hosts each (`JumpSpread`). A jump session is opened by the first host
/// that needs it (the next ones wait for that connection instead of opening their own),
/// counted per host using it, and closed when the last of them closes. A chain `a → b` is a
/// session to `b` carried by a tunnel of a session to `a`, shared the same way.
///
/// Why a few sessions and not one: everything a session carries passes through one sshd
/// process on the bastion and one pump thread here, and under load each gets one process's
/// share of the CPU, however many hosts wait on it; its channel opens also go one at a time.
/// Measured with 50 hosts behind one lab bastion (docs/benchmarks.md): one session for all
/// was slower than OpenSSH's one connection per host; a session per 8 hosts beats it.
///
/// Timeouts: `connectTimeout` bounds each step — a bastion's connection, a channel open, the
/// target's connection — counted from when the step's own thread starts it, as a direct
/// connection's is, and not one deadline set before the first hop: this actor and the tasks
/// between the steps run on Swift's shared pool, which a busy process may not schedule for a
/// while, and that wait is the controller's, not the network's. (With all test suites in one
/// process on 2 cores, suites blocking the pool in subprocess waits for minutes made a chain's
/// deadline pass before its first key exchange began.)
public actor JumpPool {
    /// One jump session and the hosts using it.
    final class Entry: @unchecked Sendable {
        let chain: [SSHTarget]
        var connecting: Task<JumpSession, Error>?
        var session: JumpSession?
        var users = 0
        /// The session of the previous hop this one rides on (nil for the first hop).
        var upstream: Lease?

        init(chain: [SSHTarget]) { self.chain = chain }

        /// Connecting, or connected and not retired: new hosts may ride on it.
        var takesHosts: Bool { session?.acceptsTunnels ?? (connecting != nil) }
    }

    /// A host's use of a jump session; given back with `release` when the host's session closes.
    struct Lease: Sendable {
        let entry: Entry
        let session: JumpSession
    }

    /// The sessions handed out, per chain.
    private var entries: [[SSHTarget]: [Entry]] = [:]
    /// Sessions no longer handed out (retired after a stalled open) that still serve hosts.
    private var retiredEntries: [Entry] = []
    private let hostsPerSession: Int

    /// `hostsPerSession`: how many hosts ride on one session to a bastion before the next host
    /// opens another.
    public init(hostsPerSession: Int = JumpSpread.hostsPerSession) {
        self.hostsPerSession = hostsPerSession
    }

    /// How many jump sessions are connected now (a test counts them).
    public var openSessions: Int { (entries.values.joined() + retiredEntries).filter { $0.session?.isOpen == true }.count }

    /// The bastion chain itself could not be reached (as opposed to the host behind it).
    struct BastionFailure: Error {
        let error: SSHError
    }

    /// A tunnel to `host:port` through `chain` and the lease it rides on.
    /// A session that retires while the request waits (an open ahead of it stalled) sends it
    /// to a fresh one.
    func tunnel(
        through chain: [SSHTarget], to host: String, port: Int, options: SSHClientOptions, logger: Logger
    ) async throws -> (Lease, Int32) {
        while true {
            let lease: Lease
            do { lease = try await self.lease(chain, options: options, logger: logger) } catch let error as SSHError {
                throw BastionFailure(error: error)
            }
            do {
                return (lease, try await lease.session.openTunnel(to: host, port: port, timeout: options.connectTimeout))
            } catch is JumpSession.Retired {
                await release(lease)
            } catch {
                await release(lease)
                throw error
            }
        }
    }

    /// A jump session at the end of `chain` (connected if it is not yet): the least used one
    /// that takes new hosts, or a new one if all carry `hostsPerSession` hosts.
    func lease(_ chain: [SSHTarget], options: SSHClientOptions, logger: Logger) async throws -> Lease {
        var sessions = entries[chain] ?? []
        let retiring = sessions.filter { !$0.takesHosts }
        retiredEntries += retiring.filter { $0.users > 0 }
        sessions.removeAll { !$0.takesHosts }
        let entry: Entry
        if let index = JumpSpread.session(forNewHostAmong: sessions.map(\.users), hostsPerSession: hostsPerSession) {
            entry = sessions[index]
        } else {
            entry = Entry(chain: chain)
            sessions.append(entry)
            entry.connecting = Task { try await self.connect(entry, options: options, logger: logger) }
        }
        entries[chain] = sessions
        entry.users += 1
        do {
            let session: JumpSession
            if let ready = entry.session { session = ready } else { session = try await entry.connecting!.value }
            return Lease(entry: entry, session: session)
        } catch {
            entry.users -= 1
            forget(entry)
            throw error
        }
    }

    private func forget(_ entry: Entry) {
        entries[entry.chain]?.removeAll { $0 === entry }
        if entries[entry.chain]?.isEmpty == true { entries[entry.chain] = nil }
        retiredEntries.removeAll { $0 === entry }
    }

    /// Gives a lease back; the last one closes the jump session (and releases its own hop).
    func release(_ lease: Lease) async {
        let entry = lease.entry
        entry.users -= 1
        guard entry.users == 0 else { return }
        forget(entry)
        await lease.session.close()
        if let upstream = entry.upstream {
            entry.upstream = nil
            await release(upstream)
        }
    }

    private func connect(_ entry: Entry, options: SSHClientOptions, logger: Logger) async throws -> JumpSession {
        let hop = entry.chain[entry.chain.count - 1]
        var stream: Int32?
        if entry.chain.count > 1 {
            do {
                let (upstream, upstreamStream) = try await tunnel(
                    through: Array(entry.chain.dropLast()), to: hop.host, port: hop.port, options: options, logger: logger)
                stream = upstreamStream
                entry.upstream = upstream
            } catch let failure as BastionFailure {
                throw failure.error
            }
        }
        do {
            let session = try await JumpSession.connect(to: hop, over: stream, options: options, logger: logger)
            entry.session = session
            entry.connecting = nil
            return session
        } catch {
            if let upstream = entry.upstream {
                entry.upstream = nil
                await release(upstream)
            }
            throw error
        }
    }
}
