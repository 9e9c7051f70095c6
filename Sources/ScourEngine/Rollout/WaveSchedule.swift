import ScourCore

/// Which hosts go in which wave of a rollout.
///
/// Hosts are ordered by a stable hash of their name — not by their place in the inventory — so the
/// canary is not always the first host of the file (often the same special box), and yet the
/// same inventory always gives the same waves, in `plan` and in `apply`, on any machine.
/// `waves` are cumulative: `[1, 10%, 100%]` means one host is done after the first wave, 10% of
/// the hosts after the second, all after the third. A wave that would add no host (1% of 20
/// hosts after a first wave of 1) is dropped rather than run empty.
public struct WaveSchedule: Sendable, Equatable {
    /// Host names, wave by wave, each wave in the stable order.
    public let waves: [[String]]

    public init(hostNames: [String], cumulativeShares: [Share]) {
        let ordered = hostNames.sorted { Self.orderKey($0) < Self.orderKey($1) }
        var waves: [[String]] = []
        var done = 0
        for share in cumulativeShares {
            let target = share.resolved(outOf: ordered.count)
            guard target > done else { continue }
            waves.append(Array(ordered[done..<target]))
            done = target
        }
        if done < ordered.count {
            // The language requires the last wave to reach 100%; be safe if a caller does not.
            waves.append(Array(ordered[done...]))
        }
        self.waves = waves
    }

    /// The wave (0-based) a host falls into, if it is scheduled at all.
    public func wave(of hostName: String) -> Int? {
        waves.firstIndex { $0.contains(hostName) }
    }

    /// The ordering key: the first 8 bytes of SHA-256 of the name, then the name to break ties.
    static func orderKey(_ name: String) -> (UInt64, String) {
        let prefix = UInt64(SHA256.hex(of: name.utf8).prefix(16), radix: 16) ?? 0
        return (prefix, name)
    }
}
