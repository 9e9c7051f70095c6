/// A number of hosts given either as a count (`5`) or as a share of a total (`10%`):
/// waves, `max_failures`, `--infected-share`.
public enum Share: Sendable, Hashable, CustomStringConvertible {
    case count(Int)
    case percent(Double)

    /// Parses `5` or `12.5%`; nil for negative numbers, percentages above 100 and anything else.
    public init?(parsing text: String) {
        if text.hasSuffix("%") {
            guard let value = Double(text.dropLast()), value >= 0, value <= 100 else { return nil }
            self = .percent(value)
        } else {
            guard let value = Int(text), value >= 0 else { return nil }
            self = .count(value)
        }
    }

    /// The number of hosts this share means out of `total`: a count is capped at the total; a
    /// percentage rounds up, so `1%` of 50 hosts is one host, never zero.
    public func resolved(outOf total: Int) -> Int {
        switch self {
        case .count(let n): return min(n, total)
        case .percent(let p): return min(total, Int((Double(total) * p / 100).rounded(.up)))
        }
    }

    public var description: String {
        switch self {
        case .count(let n): return String(n)
        case .percent(let p):
            return p == p.rounded() ? "\(Int(p))%" : "\(p)%"
        }
    }
}
