import Foundation

/// One host reached through a jump session: a `direct-tcpip` channel on the bastion's session
/// and our end of a socketpair whose other end the target's own `SSHSession` runs over. The
/// jump session's pump thread moves bytes both ways; nothing here blocks.
///
/// Each direction holds at most one read's worth of bytes (64 KiB) in flight: a target that
/// stops reading stops its channel being read, so the bastion's window for that channel (2 MiB)
/// bounds what the controller keeps for it, and the other tunnels flow on.
final class Tunnel {
    let channel: OpaquePointer
    /// Our end of the socketpair, non-blocking.
    let stream: Int32
    /// What the target wrote, on its way to the channel (`sent` of it already written).
    var toChannel: [UInt8] = []
    var sent = 0
    /// What the channel delivered, on its way to the target (`delivered` of it already written).
    var toStream: [UInt8] = []
    var delivered = 0
    /// The target closed its end: the channel is to be closed and freed.
    var localEnded = false
    /// The channel reached its end (the host behind closed the connection, or it failed).
    var remoteEnded = false
    private var writeShut = false
    /// The channel was freed and the stream closed: the tunnel is gone.
    private(set) var finished = false

    init(channel: OpaquePointer, stream: Int32) {
        self.channel = channel
        self.stream = stream
    }

    var hasOutbound: Bool { sent < toChannel.count }
    var hasInbound: Bool { delivered < toStream.count }

    /// The poll events our end of the socketpair needs: readable when there is room for the
    /// target's bytes, writable while bytes for it wait.
    var streamEvents: Int16 {
        var events: Int16 = 0
        if !hasOutbound && !localEnded { events |= Int16(POLLIN) }
        if hasInbound { events |= Int16(POLLOUT) }
        return events
    }

    /// Takes what the target wrote (when the previous bytes went out). True on progress.
    func readStream(into buffer: inout [UInt8]) -> Bool {
        guard !hasOutbound, !localEnded else { return false }
        let n = buffer.withUnsafeMutableBytes { read(stream, $0.baseAddress, $0.count) }
        if n > 0 {
            toChannel = Array(buffer[0..<n])
            sent = 0
            return true
        }
        if n == 0 || (errno != EAGAIN && errno != EINTR) {
            localEnded = true
            return true
        }
        return false
    }

    /// Hands the channel's bytes to the target. True on progress.
    func writeStream() -> Bool {
        var progressed = false
        if hasInbound {
            let n = toStream[delivered...].withUnsafeBytes { write(stream, $0.baseAddress, $0.count) }
            if n > 0 {
                delivered += n
                progressed = true
            } else if n < 0 && errno != EAGAIN && errno != EINTR {
                localEnded = true  // the target is gone
                toStream = []
                delivered = 0
                return true
            }
        }
        if !hasInbound && remoteEnded && !writeShut {
            shutdown(stream, Int32(SHUT_WR))  // the target reads the end of the connection
            writeShut = true
            progressed = true
        }
        return progressed
    }

    /// The channel is gone (freed, or lost with the whole session): closes our end.
    func finish() {
        guard !finished else { return }
        finished = true
        shutdown(stream, Int32(SHUT_RDWR))
        close(stream)
    }
}
