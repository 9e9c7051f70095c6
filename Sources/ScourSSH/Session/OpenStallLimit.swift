/// How long one channel open may hold up the opens queued behind it on a jump session before
/// the session is retired for new hosts: 2 s, or ten times what opens have taken on this
/// session (a moving average), whichever is longer — a bastion merely slow under load is not
/// stalled, and retiring it would only add logins to its load.
///
/// Why it matters: the bastion answers an open only once its TCP connection to the host is made
/// or refused, and libssh2 1.10 opens one channel at a time per session, so a host that drops
/// SYNs would otherwise hold up every host after it for as long as the bastion keeps trying
/// (minutes).
struct OpenStallLimit: Sendable, Equatable {
    static let floor: Duration = .seconds(2)
    /// The moving average of the opens recorded; zero before the first.
    private(set) var typicalOpen: Duration = .zero

    /// An open that finished (made or refused) after `duration`.
    mutating func record(_ duration: Duration) {
        typicalOpen = typicalOpen == .zero ? duration : typicalOpen * 0.8 + duration * 0.2
    }

    var limit: Duration { max(Self.floor, typicalOpen * 10) }
}
