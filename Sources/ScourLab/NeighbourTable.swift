import Foundation

/// The kernel's IPv4 neighbour (ARP) table limits, which every lab host on one bridge fills with
/// an entry on the machine's side. Linux's defaults (`gc_thresh3` 1024, and garbage collection
/// from `gc_thresh2` 512) overflow past ~500 hosts: SYNs are dropped with "neighbor table
/// overflow" in the kernel log, and a rehearsal at scale measures the kernel, not Scour. `up`
/// raises them to fit the lab (never lowers them; they are the machine's, so `down` leaves them).
public struct NeighbourTable: Equatable, Sendable, CustomStringConvertible {
    public var thresholds: [Int]

    static let files = (1...3).map { "/proc/sys/net/ipv4/neigh/default/gc_thresh\($0)" }

    /// The limits now; nil where the kernel does not say.
    public static func current() -> NeighbourTable? {
        let values = files.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }
            .compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return values.count == files.count ? NeighbourTable(thresholds: values) : nil
    }

    /// Room the machine's other neighbours may take beside a lab.
    static let margin = 256

    /// The limits that hold `entries` neighbours and the margin: collection only beyond them,
    /// the hard limit at twice that — or what the machine has, where that is more (the
    /// defaults hold a small lab as they are).
    func fitting(_ entries: Int) -> NeighbourTable {
        let wanted = [thresholds[0], entries + Self.margin, 2 * (entries + Self.margin)]
        return NeighbourTable(thresholds: zip(thresholds, wanted).map { Swift.max($0, $1) })
    }

    /// Raises the limits to fit `entries` neighbours.
    static func raise(toFit entries: Int) throws {
        guard let now = current() else { return }
        let fitted = now.fitting(entries)
        guard fitted != now else { return }
        // The hard limit first, so each value stays within the next one's at every step.
        for (file, value) in zip(files, fitted.thresholds).reversed() {
            do {
                try String(value).write(toFile: file, atomically: false, encoding: .utf8)
            } catch {
                throw LabError.failed("cannot raise the kernel's neighbour table limit \(file) to \(value) for the lab's hosts: \(error)")
            }
        }
    }

    public var description: String { thresholds.map(String.init).joined(separator: "/") }
}
