import Foundation

/// Opens the TCP connection under a deadline and tunes the socket for long-lived SSH sessions.
enum TCPConnection {
    /// A connected, blocking socket to `host:port`, trying each resolved address in turn.
    static func open(host: String, port: Int, deadline: ContinuousClock.Instant) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let list else {
            throw SSHError(kind: .nameResolution, host: host,
                           message: "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = SSHError(kind: .hostUnreachable, host: host, message: "no address for \(host)")
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let address = entry?.pointee {
            entry = address.ai_next
            do {
                return try connect(address, host: host, port: port, deadline: deadline)
            } catch let error as SSHError {
                lastError = error
                if error.kind == .timedOut { break }
            }
        }
        throw lastError
    }

    private static func connect(_ address: addrinfo, host: String, port: Int, deadline: ContinuousClock.Instant) throws -> Int32 {
        let fd = socket(address.ai_family, address.ai_socktype, address.ai_protocol)
        guard fd >= 0 else { throw error(errno, host: host, port: port) }
        do {
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            if Glibc.connect(fd, address.ai_addr, address.ai_addrlen) != 0 {
                guard errno == EINPROGRESS else { throw error(errno, host: host, port: port) }
                var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let remaining = (deadline - ContinuousClock.now).clampedMilliseconds
                let ready = poll(&poller, 1, Int32(remaining))
                guard ready > 0 else { throw error(ETIMEDOUT, host: host, port: port) }
                var socketError: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
                guard socketError == 0 else { throw error(socketError, host: host, port: port) }
            }
            _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
            tune(fd)
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    /// TCP keepalive and a user timeout, so a peer that vanished without a FIN (power cut,
    /// cable pulled, `ip link down`) is noticed in about a minute even while a command is quiet;
    /// no Nagle delay for the many small SSH packets.
    private static func tune(_ fd: Int32) {
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        var idle: Int32 = 30, interval: Int32 = 10, count: Int32 = 3
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_KEEPIDLE, &idle, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_KEEPINTVL, &interval, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_KEEPCNT, &count, socklen_t(MemoryLayout<Int32>.size))
        var userTimeout: UInt32 = 60_000
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_USER_TIMEOUT, &userTimeout, socklen_t(MemoryLayout<UInt32>.size))
    }

    static func error(_ code: Int32, host: String, port: Int) -> SSHError {
        let reason = String(cString: strerror(code))
        let kind: SSHError.Kind
        switch code {
        case ECONNREFUSED: kind = .connectionRefused
        case ECONNRESET, EPIPE: kind = .connectionReset
        case ETIMEDOUT: kind = .timedOut
        case ENETUNREACH: kind = .noRoute
        case EHOSTUNREACH, EHOSTDOWN: kind = .hostUnreachable
        default: kind = .hostUnreachable
        }
        let what = code == ETIMEDOUT ? "no answer from \(host):\(port) before the connect timeout" : "\(reason) (\(host):\(port))"
        return SSHError(kind: kind, host: host, message: what)
    }
}
