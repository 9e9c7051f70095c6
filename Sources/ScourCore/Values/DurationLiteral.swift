/// Durations as the playbook language and the command line write them: `500ms`, `30s`, `5m`, `2h`.
///
/// One parser serves both, so `--backoff 2s` and `backoff = 2s` can never disagree.
extension Duration {
    /// The units a duration literal may carry, longest suffix first so `ms` wins over `m`.
    private static let literalUnits: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// Parses `NUMBER UNIT` (`500ms`, `30s`, `1.5m`, `2h`, `1d`); nil for anything else,
    /// including a bare number (a unit is always required, so `30` cannot mean seconds by accident).
    public init?(scourLiteral text: String) {
        for (suffix, unitMilliseconds) in Self.literalUnits where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                let value = Double(number), value.isFinite
            else { return nil }
            self = .milliseconds(Int64((value * Double(unitMilliseconds)).rounded()))
            return
        }
        return nil
    }

    /// Whole milliseconds, the resolution Scour works in.
    public var scourMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }

    /// The shortest literal that reads back as this duration: `2s`, `1500ms`, `5m`.
    public var scourLiteral: String {
        let ms = scourMilliseconds
        for (suffix, unit) in Self.literalUnits.reversed() where ms != 0 && ms % unit == 0 {
            return "\(ms / unit)\(suffix)"
        }
        return "\(ms)ms"
    }
}
