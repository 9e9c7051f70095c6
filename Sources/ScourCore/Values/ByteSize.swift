/// A size as the language writes it: `512KiB`, `10MiB`, `1GiB`, or plain bytes `4096B`.
public struct ByteSize: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var bytes: UInt64

    public init(bytes: UInt64) { self.bytes = bytes }

    private static let units: [(suffix: String, factor: UInt64)] = [
        ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("TiB", 1 << 40),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
        ("B", 1),
    ]

    /// Parses `NUMBER UNIT`; nil for a missing unit, an overflow or anything else.
    public init?(parsing text: String) {
        for (suffix, factor) in Self.units where text.hasSuffix(suffix) {
            guard let number = UInt64(text.dropLast(suffix.count)) else { return nil }
            let (bytes, overflow) = number.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            self.bytes = bytes
            return
        }
        return nil
    }

    public static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }

    /// Binary units, exact where possible (`10MiB`), else bytes (`1536B` reads `1.5KiB`).
    public var description: String {
        for (suffix, factor) in Self.units.prefix(4).reversed() where bytes >= factor {
            if bytes % factor == 0 { return "\(bytes / factor)\(suffix)" }
            let value = Double(bytes) / Double(factor)
            return "\((value * 10).rounded() / 10)\(suffix)"
        }
        return "\(bytes)B"
    }
}
