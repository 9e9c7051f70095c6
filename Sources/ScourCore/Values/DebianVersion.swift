import Foundation

/// Debian package versions (`[epoch:]upstream[-revision]`) compared as dpkg compares them,
/// for `installed = package("apache2", ">= 2.4.62")`.
public enum DebianVersion {
    /// Whether `version` satisfies a constraint such as `>= 2.4.62` (operators `>=`, `<=`,
    /// `>>`, `<<`, `=`, and `>`, `<` read as `>=`, `<=` as dpkg does for the old forms).
    public static func satisfies(_ version: String, _ constraint: String) -> Bool {
        let trimmed = constraint.trimmingCharacters(in: .whitespaces)
        let op = String(trimmed.prefix { "<>=".contains($0) })
        let wanted = trimmed.dropFirst(op.count).trimmingCharacters(in: .whitespaces)
        let order = compare(version, wanted)
        switch op {
        case ">=", ">": return order >= 0
        case "<=", "<": return order <= 0
        case ">>": return order > 0
        case "<<": return order < 0
        default: return order == 0
        }
    }

    /// -1, 0 or 1 as `a` sorts before, equal to or after `b`.
    public static func compare(_ a: String, _ b: String) -> Int {
        let (epochA, upstreamA, revisionA) = split(a)
        let (epochB, upstreamB, revisionB) = split(b)
        if epochA != epochB { return epochA < epochB ? -1 : 1 }
        let upstream = compareFragment(upstreamA, upstreamB)
        return upstream != 0 ? upstream : compareFragment(revisionA, revisionB)
    }

    private static func split(_ version: String) -> (Int, String, String) {
        var rest = Substring(version)
        var epoch = 0
        if let colon = rest.firstIndex(of: ":"), let value = Int(rest[..<colon]) {
            epoch = value
            rest = rest[rest.index(after: colon)...]
        }
        if let dash = rest.lastIndex(of: "-") {
            return (epoch, String(rest[..<dash]), String(rest[rest.index(after: dash)...]))
        }
        return (epoch, String(rest), "")
    }

    /// dpkg's `verrevcmp`: alternate non-digit runs (letters before non-letters, `~` before
    /// everything, even the end) and digit runs compared as numbers.
    private static func compareFragment(_ a: String, _ b: String) -> Int {
        var x = Array(a.unicodeScalars)[...], y = Array(b.unicodeScalars)[...]
        func weight(_ c: Unicode.Scalar?) -> Int {
            guard let c else { return 0 }
            if c == "~" { return -1 }
            if c.properties.isAlphabetic && c.isASCII { return Int(c.value) }
            return Int(c.value) + 256
        }
        func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { ("0"..."9").contains($0) } ?? false }
        while !x.isEmpty || !y.isEmpty {
            while (!x.isEmpty && !isDigit(x.first)) || (!y.isEmpty && !isDigit(y.first)) {
                let wx = isDigit(x.first) ? 0 : weight(x.first), wy = isDigit(y.first) ? 0 : weight(y.first)
                if wx != wy { return wx < wy ? -1 : 1 }
                if !x.isEmpty && !isDigit(x.first) { x = x.dropFirst() }
                if !y.isEmpty && !isDigit(y.first) { y = y.dropFirst() }
            }
            let digitsX = x.prefix { isDigit($0) }, digitsY = y.prefix { isDigit($0) }
            x = x.dropFirst(digitsX.count); y = y.dropFirst(digitsY.count)
            let nx = String(String.UnicodeScalarView(digitsX)).drop { $0 == "0" }, ny = String(String.UnicodeScalarView(digitsY)).drop { $0 == "0" }
            if nx.count != ny.count { return nx.count < ny.count ? -1 : 1 }
            if nx != ny { return nx < ny ? -1 : 1 }
        }
        return 0
    }
}
