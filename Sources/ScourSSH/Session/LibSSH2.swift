import CLibSSH2
import Foundation

/// Process-wide libssh2 setup and error helpers.
enum LibSSH2 {
    /// `libssh2_init` is not thread-safe and must run once, before any session. SIGPIPE is
    /// ignored at the same time: a write to a peer that just vanished must become an error
    /// value, not kill the controller in the middle of a rollout.
    static let initialized: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return libssh2_init(0) == 0
    }()

    /// libssh2's own description of the last error on `session`.
    static func lastError(_ session: OpaquePointer?) -> (code: Int32, message: String) {
        guard let session else { return (0, "no session") }
        var pointer: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        let code = libssh2_session_last_error(session, &pointer, &length, 0)
        let message = pointer.map { String(cString: $0) } ?? "unknown error"
        return (code, message)
    }

    /// The kind of a libssh2 error code met while talking to a host.
    static func kind(of code: Int32) -> SSHError.Kind {
        switch code {
        case LIBSSH2_ERROR_TIMEOUT, LIBSSH2_ERROR_SOCKET_TIMEOUT: return .timedOut
        case LIBSSH2_ERROR_SOCKET_DISCONNECT, LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_SEND,
            LIBSSH2_ERROR_SOCKET_NONE:
            return .disconnected
        case LIBSSH2_ERROR_CHANNEL_FAILURE, LIBSSH2_ERROR_CHANNEL_REQUEST_DENIED, LIBSSH2_ERROR_CHANNEL_UNKNOWN,
            LIBSSH2_ERROR_CHANNEL_CLOSED, LIBSSH2_ERROR_CHANNEL_EOF_SENT:
            return .channelFailure
        case LIBSSH2_ERROR_SFTP_PROTOCOL: return .sftpFailure
        default: return .protocolFailure
        }
    }
}

extension Duration {
    /// Whole milliseconds, clamped to what libssh2's `long` timeouts and poll() take.
    var clampedMilliseconds: Int {
        let (seconds, attoseconds) = components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int(max(0, min(ms, Int64(Int32.max))))
    }
}
