import CLibSSH2
import Foundation
import Logging

/// A session to a bastion that carries the connections of many hosts behind it, each in a
/// `direct-tcpip` channel (`Tunnel`), each target's own SSH session running over a socketpair.
///
/// Why a socketpair and not libssh2's custom send/recv callbacks: libssh2 1.10 waits for a
/// blocking call by polling the session's file descriptor, so a session over callbacks still
/// needs a real descriptor to poll, and the callbacks would have to call into the bastion's
/// libssh2 session from the target's thread — a session must be used by one thread at a time,
/// so every target would lock the one bastion session and a target blocked in a read would
/// stall all others. With a socketpair each target is an ordinary `SSHSession` (its own
/// thread, blocking libssh2, host key checked, exec's polled data phase unchanged), and the
/// bastion's session has one owner: this type's thread.
///
/// That thread connects to the bastion (blocking, under the caller's deadline), then pumps:
/// the session runs non-blocking and one `poll` waits on the bastion's socket, every
/// tunnel's socketpair end and a wake pipe; each tunnel moves what it can without waiting,
/// so a slow or silent target never holds up another. libssh2 1.10 requires a send that
/// returned EAGAIN to be repeated before any other send on the session (or BAD_USE): such an
/// operation is kept as `pending` and retried first, nothing else sending meanwhile.
/// Channels are opened here too (`openTunnel` queues the request), one at a time, as
/// libssh2 keeps one channel-open state per session.
final class JumpSession: @unchecked Sendable {
    let bastion: SSHTarget
    private let core: SessionCore
    private let logger: Logger

    // Shared with callers, under `lock`.
    private let lock = NSLock()
    private var requests: [OpenRequest] = []
    private var stopping = false
    /// No new tunnels: a channel open stalled (see `OpenStallLimit`); the pool opens another
    /// session for new hosts while this one serves its tunnels until they close.
    private var retired = false
    /// The pump ended: the bastion's session is freed.
    private var ended = false
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []
    private var lostError: SSHError?
    private let wake: (read: Int32, write: Int32)

    // The pump thread's own.
    private var tunnels: [Tunnel] = []
    private var waiting: [OpenRequest] = []
    /// The channel open in progress (libssh2 allows one at a time), and since when.
    private var opening: OpenRequest?
    private var openingSince: ContinuousClock.Instant?
    private var pending: Operation?

    /// A tunnel asked for; answered once, with our end's peer or an error.
    final class OpenRequest {
        let host: String
        let port: Int
        let deadline: ContinuousClock.Instant
        /// Nil once answered (a request past its deadline is answered but may still be opening).
        var continuation: CheckedContinuation<Int32, Error>?

        init(host: String, port: Int, deadline: ContinuousClock.Instant, continuation: CheckedContinuation<Int32, Error>) {
            self.host = host
            self.port = port
            self.deadline = deadline
            self.continuation = continuation
        }

        func answer(_ result: Result<Int32, Error>) {
            continuation?.resume(with: result)
            continuation = nil
        }
    }

    /// When an open in progress counts as stalled.
    private var stall = OpenStallLimit()

    /// Thrown by `openTunnel` when this session takes no new tunnels: ask the pool again.
    struct Retired: Error {}

    /// A libssh2 call that returned EAGAIN with a send half done: it must be repeated first.
    private enum Operation {
        case open, write(Tunnel), read(Tunnel), free(Tunnel)
    }

    private enum Outcome {
        case progressed, idle, blocked
    }

    private init(bastion: SSHTarget, logger: Logger) throws {
        self.bastion = bastion
        self.core = SessionCore(target: bastion)
        self.logger = logger
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw SSHError(kind: .localFile, host: bastion.host, message: "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        wake = (fds[0], fds[1])
    }

    deinit {
        Glibc.close(wake.read)
        Glibc.close(wake.write)
    }

    /// Connects to `bastion` — over `stream` (a tunnel of the previous hop) when given, else
    /// TCP — checking its host key under its own name, within `options.connectTimeout` from
    /// when its thread starts, then starts pumping. It sends no keepalives of its own: the
    /// targets' cross it, and TCP keepalive watches its socket.
    static func connect(
        to bastion: SSHTarget, over stream: Int32?, options: SSHClientOptions, logger: Logger
    ) async throws -> JumpSession {
        let jump: JumpSession
        do { jump = try JumpSession(bastion: bastion, logger: logger) } catch {
            if let stream { Glibc.close(stream) }
            throw error
        }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            let thread = Thread { [jump] in
                do {
                    try jump.core.connect(options: options, logger: logger, over: stream)
                } catch {
                    jump.core.close()
                    continuation.resume(throwing: error)
                    return
                }
                continuation.resume()
                jump.pump()
            }
            thread.name = "ssh jump \(bastion.host)"
            thread.stackSize = 256 * 1024
            thread.start()
        }
        return jump
    }

    /// False once the bastion's connection failed or the session was closed.
    var isOpen: Bool { lock.withLock { lostError == nil && !stopping } }

    /// Open and not retired: new hosts may ride on it.
    var acceptsTunnels: Bool { lock.withLock { lostError == nil && !stopping && !retired } }

    /// Opens a `direct-tcpip` channel to `host:port` from the bastion and returns the end of a
    /// socketpair that carries it, for the target's session to own. Fails with the bastion's
    /// error if its connection is lost, `timedOut` if no channel is open `timeout` from now.
    func openTunnel(to host: String, port: Int, timeout: Duration) async throws -> Int32 {
        try await withCheckedThrowingContinuation { continuation in
            let request = OpenRequest(host: host, port: port, deadline: .now + timeout, continuation: continuation)
            let refusal: Error? = lock.withLock { () -> Error? in
                if let lostError { return lostError }
                if stopping { return SSHError(kind: .disconnected, host: bastion.host, message: "the jump session was closed") }
                if retired { return Retired() }
                requests.append(request)
                return nil
            }
            if let refusal { request.answer(.failure(refusal)) } else { signal() }
        }
    }

    /// Stops the pump and waits for it to close every tunnel and the bastion's session (a
    /// process must not exit while libssh2 still frees a session on another thread).
    func close() async {
        await withCheckedContinuation { continuation in
            let done = lock.withLock {
                stopping = true
                if !ended { closeWaiters.append(continuation) }
                return ended
            }
            if done { continuation.resume() } else { signal() }
        }
    }

    private func signal() {
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    // MARK: The pump

    private func pump() {
        guard let session = core.session else { return }
        libssh2_session_set_blocking(session, 0)
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let (incoming, stop) = lock.withLock { () -> ([OpenRequest], Bool) in
                defer { requests = [] }
                return (requests, stopping)
            }
            waiting += incoming
            if stop { break }
            var progressed = false
            if let operation = pending {
                progressed = perform(operation, session, &buffer) != .blocked
            }
            if pending == nil {
                progressed = step(session, &buffer) || progressed
            }
            tunnels.removeAll { $0.finished }
            expireRequests()
            retireIfStalled()
            if lock.withLock({ lostError }) != nil { break }
            if !progressed && (pending != nil || !hasQueuedWork()) { waitForEvents(session) }
        }
        shutDown(session)
    }

    /// One pass over the channel opens and every tunnel; stops at an operation left pending.
    private func step(_ session: OpaquePointer, _ buffer: inout [UInt8]) -> Bool {
        var progressed = false
        if opening != nil || !waiting.isEmpty {
            switch perform(.open, session, &buffer) {
            case .progressed: progressed = true
            case .blocked: if pending != nil { return progressed }
            case .idle: break
            }
        }
        for tunnel in tunnels where !tunnel.finished {
            if tunnel.localEnded && !tunnel.hasOutbound {
                let outcome = perform(.free(tunnel), session, &buffer)
                if outcome == .progressed { progressed = true }
                if pending != nil { return progressed }
                continue
            }
            if tunnel.remoteEnded && tunnel.hasOutbound {
                tunnel.toChannel = []  // nobody left to take it; reading on shows when the target closes
                tunnel.sent = 0
            }
            progressed = tunnel.readStream(into: &buffer) || progressed
            if tunnel.hasOutbound && !tunnel.remoteEnded {
                let outcome = perform(.write(tunnel), session, &buffer)
                if outcome == .progressed { progressed = true }
                if pending != nil { return progressed }
            }
            if !tunnel.hasInbound && !tunnel.remoteEnded {
                let outcome = perform(.read(tunnel), session, &buffer)
                if outcome == .progressed { progressed = true }
                if pending != nil { return progressed }
            }
            progressed = tunnel.writeStream() || progressed
        }
        // The tunnels' reads may have queued the answer to the open in progress: look again now,
        // as no poll would wake us for a packet already read off the socket.
        if opening != nil, perform(.open, session, &buffer) == .progressed { progressed = true }
        return progressed
    }

    /// One attempt at `operation`. EAGAIN with the socket full for sending makes it `pending`.
    private func perform(_ operation: Operation, _ session: OpaquePointer, _ buffer: inout [UInt8]) -> Outcome {
        let status: Int
        switch operation {
        case .open:
            if opening == nil, !waiting.isEmpty {
                opening = waiting.removeFirst()
                openingSince = .now
            }
            guard let request = opening else { return .idle }
            if let channel = libssh2_channel_direct_tcpip_ex(session, request.host, Int32(request.port), "127.0.0.1", 22) {
                opening = nil
                pending = nil
                noteOpenTime()
                attach(channel, for: request)
                return .progressed
            }
            status = Int(LibSSH2.lastError(session).code)
            if status != Int(LIBSSH2_ERROR_EAGAIN) {
                opening = nil
                pending = nil
                noteOpenTime()
                let error = openFailure(Int32(status), session, request)
                request.answer(.failure(error))
                if error.kind == .disconnected || error.kind == .timedOut { lose(error) }
                return .progressed
            }
        case .write(let tunnel):
            status = tunnel.toChannel[tunnel.sent...].withUnsafeBytes { bytes in
                bytes.withMemoryRebound(to: CChar.self) { libssh2_channel_write_ex(tunnel.channel, 0, $0.baseAddress, min($0.count, 32 << 10)) }
            }
            if status > 0 {
                tunnel.sent += status
                if !tunnel.hasOutbound { tunnel.toChannel = []; tunnel.sent = 0 }
            } else if status == 0 {
                pending = nil
                return .idle  // the host's window is full: it takes more once it has read
            }
        case .read(let tunnel):
            status = buffer.withUnsafeMutableBytes { bytes in
                bytes.withMemoryRebound(to: CChar.self) { libssh2_channel_read_ex(tunnel.channel, 0, $0.baseAddress, $0.count) }
            }
            if status > 0 {
                tunnel.toStream = Array(buffer[0..<status])
                tunnel.delivered = 0
            } else if status == 0 {
                if libssh2_channel_eof(tunnel.channel) == 1 { tunnel.remoteEnded = true; pending = nil; return .progressed }
                pending = nil
                return .idle
            }
        case .free(let tunnel):
            status = Int(libssh2_channel_free(tunnel.channel))
            if status != Int(LIBSSH2_ERROR_EAGAIN) {
                tunnel.finish()  // freed, or the session failed: libssh2 drops the channel either way
                pending = nil
                return .progressed
            }
        }
        if status > 0 {
            pending = nil
            return .progressed
        }
        if status == Int(LIBSSH2_ERROR_EAGAIN) || status == Int(LIBSSH2_ERROR_BAD_USE) {
            let outbound = libssh2_session_block_directions(session) & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0
            pending = outbound && status == Int(LIBSSH2_ERROR_EAGAIN) ? operation : nil
            return .blocked
        }
        pending = nil
        let code = Int32(status)
        let kind = LibSSH2.kind(of: code)
        if kind == .disconnected || kind == .timedOut {
            lose(SSHError(kind: kind, host: bastion.host, message: "the connection to the bastion \(bastion) was lost: \(LibSSH2.lastError(session).message)"))
        } else if case .write(let tunnel) = operation {
            tunnel.remoteEnded = true  // the host behind closed its side
        } else if case .read(let tunnel) = operation {
            tunnel.remoteEnded = true
        }
        return .progressed
    }

    private func noteOpenTime() {
        guard let openingSince else { return }
        stall.record(.now - openingSince)
    }

    /// Retires the session when the open in progress has taken longer than `stall.limit`: the
    /// requests queued behind it (and later ones) are sent to another session.
    private func retireIfStalled() {
        if opening == nil { openingSince = nil }
        let stalled = openingSince.map { ContinuousClock.now - $0 > stall.limit } ?? false
        let isRetired = lock.withLock {
            if stalled && !retired {
                retired = true
                logger.debug("jump session retired: a channel open stalled", metadata: ["bastion": "\(bastion)"])
            }
            return retired
        }
        guard isRetired else { return }
        for request in waiting { request.answer(.failure(Retired())) }
        waiting = []
    }

    /// A channel is open: pairs it with a socketpair and answers the request with the far end.
    private func attach(_ channel: OpaquePointer, for request: OpenRequest) {
        var pair: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0 else {
            let error = SSHError(kind: .localFile, host: request.host, message: "cannot create a socketpair: \(String(cString: strerror(errno)))")
            request.answer(.failure(error))
            let tunnel = Tunnel(channel: channel, stream: -1)
            tunnel.localEnded = true
            tunnels.append(tunnel)
            return
        }
        _ = fcntl(pair[0], F_SETFL, fcntl(pair[0], F_GETFL) | O_NONBLOCK)
        var size: Int32 = 256 << 10
        for fd in pair {
            setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        let tunnel = Tunnel(channel: channel, stream: pair[0])
        tunnels.append(tunnel)
        if let continuation = request.continuation {
            request.continuation = nil
            continuation.resume(returning: pair[1])
        } else {
            Glibc.close(pair[1])  // the caller gave up (past its deadline): the tunnel closes at once
        }
    }

    private func openFailure(_ code: Int32, _ session: OpaquePointer, _ request: OpenRequest) -> SSHError {
        let detail = LibSSH2.lastError(session).message
        let place = "\(request.host):\(request.port)"
        if detail.contains("connect failed") {
            return SSHError(kind: .hostUnreachable, host: request.host,
                            message: "the bastion \(bastion) could not connect to \(place) (\(detail))")
        }
        if detail.contains("administratively prohibited") {
            return SSHError(kind: .channelFailure, host: request.host,
                            message: "the bastion \(bastion) refuses to forward to \(place) (\(detail)); it needs AllowTcpForwarding yes")
        }
        let kind = LibSSH2.kind(of: code)
        return SSHError(kind: kind, host: request.host, message: "opening a channel to \(place) through the bastion \(bastion) failed: \(detail)")
    }

    /// Answers requests past their deadline with `timedOut` (one still opening is finished
    /// later and its channel closed at once).
    private func expireRequests() {
        let now = ContinuousClock.now
        for request in waiting + [opening].compactMap({ $0 }) where request.continuation != nil && now >= request.deadline {
            request.answer(.failure(SSHError(kind: .timedOut, host: request.host,
                                             message: "no channel to \(request.host):\(request.port) through the bastion \(bastion) before the connect timeout")))
        }
        waiting.removeAll { $0.continuation == nil }
    }

    /// Whether libssh2 already holds something a tunnel can act on: reading the socket for one
    /// channel queues what arrived for the others (data, their end, a larger window), which no
    /// `poll` would then wake us for.
    private func hasQueuedWork() -> Bool {
        tunnels.contains { tunnel in
            guard !tunnel.finished, !tunnel.remoteEnded, !tunnel.localEnded else { return false }
            if !tunnel.hasInbound && (libssh2_poll_channel_read(tunnel.channel, 0) == 1 || libssh2_channel_eof(tunnel.channel) == 1) {
                return true
            }
            return tunnel.hasOutbound && libssh2_channel_window_write_ex(tunnel.channel, nil) > 0
        }
    }

    private func waitForEvents(_ session: OpaquePointer) {
        var fds = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)]
        var socketEvents: Int16 = 0
        let readsBastion = opening != nil || tunnels.contains { !$0.finished && ((!$0.hasInbound && !$0.remoteEnded) || $0.localEnded) }
        if readsBastion { socketEvents |= Int16(POLLIN) }
        if pending != nil || libssh2_session_block_directions(session) & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 {
            socketEvents |= Int16(POLLOUT)
        }
        fds.append(pollfd(fd: core.socket, events: socketEvents, revents: 0))
        for tunnel in tunnels where !tunnel.finished {
            // A stream with nothing to wait for is left out (fd -1): a hung-up peer would
            // otherwise wake the poll at once, again and again.
            let events = tunnel.streamEvents
            fds.append(pollfd(fd: events == 0 ? -1 : tunnel.stream, events: events, revents: 0))
        }
        let stallCheck = openingSince.map { $0 + stall.limit }
        let nextDeadline = ((waiting + [opening].compactMap { $0 }).filter { $0.continuation != nil }.map(\.deadline) + [stallCheck].compactMap { $0 }).min()
        let wait = nextDeadline.map { min(($0 - ContinuousClock.now).clampedMilliseconds, 1000) } ?? 1000
        _ = poll(&fds, nfds_t(fds.count), Int32(max(wait, 1)))
        if fds[0].revents != 0 {
            var drain = [UInt8](repeating: 0, count: 64)
            while read(wake.read, &drain, drain.count) > 0 {}
        }
        if fds[1].revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 && fds[1].revents & Int16(POLLIN) == 0 {
            lose(SSHError(kind: .disconnected, host: bastion.host, message: "the connection to the bastion \(bastion) was lost"))
        }
    }

    /// The bastion's connection is gone: every tunnel ends at once (its target sees the end of
    /// its connection), every request fails with `error`, and later ones too.
    private func lose(_ error: SSHError) {
        lock.withLock { if lostError == nil { lostError = error } }
        logger.debug("jump session lost", metadata: ["bastion": "\(bastion)", "error": "\(error)"])
        core.markLost(error)
    }

    private func shutDown(_ session: OpaquePointer) {
        let error = lock.withLock { lostError } ?? SSHError(kind: .disconnected, host: bastion.host, message: "the jump session to \(bastion) was closed")
        for tunnel in tunnels { tunnel.finish() }
        tunnels = []
        let unanswered = waiting + [opening].compactMap { $0 } + lock.withLock { () -> [OpenRequest] in
            defer { requests = [] }
            return requests
        }
        for request in unanswered { request.answer(.failure(error)) }
        waiting = []
        opening = nil
        libssh2_session_set_blocking(session, 1)
        core.close()
        let waiters = lock.withLock {
            ended = true
            defer { closeWaiters = [] }
            return closeWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
