import ScourTransport

/// The libssh2 session is the transport Scour ships: every `Transport` call is one of its own.
extension SSHSession: Transport {}
