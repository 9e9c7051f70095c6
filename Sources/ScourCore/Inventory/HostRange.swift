/// Ansible's host ranges: `www[01:50].example.com`, `db-[a:f]`, `node[1:10:2]`.
enum HostRange {
    /// The names a host pattern stands for; a name without brackets stands for itself. Numeric
    /// ranges keep the width of a zero-padded start (`[01:50]` → `01` … `50`).
    static func expand(_ name: String) throws -> [String] {
        guard let open = name.firstIndex(of: "["), let close = name[open...].firstIndex(of: "]") else { return [name] }
        let head = String(name[..<open])
        let tail = String(name[name.index(after: close)...])
        let parts = name[name.index(after: open)..<close].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw RangeError("malformed range '[\(parts.joined(separator: ":"))]': expected [start:end] or [start:end:step]")
        }
        let step = parts.count == 3 ? Int(parts[2]) : 1
        guard let step, step > 0 else { throw RangeError("range step must be a positive number in '\(name)'") }
        let values: [String]
        if let start = Int(parts[0]), let end = Int(parts[1]) {
            guard start <= end else { throw RangeError("range start \(parts[0]) is after its end \(parts[1]) in '\(name)'") }
            let width = parts[0].hasPrefix("0") && parts[0].count > 1 ? parts[0].count : 0
            values = stride(from: start, through: end, by: step).map { value in
                let digits = String(value)
                return String(repeating: "0", count: max(0, width - digits.count)) + digits
            }
        } else if parts[0].count == 1, parts[1].count == 1, let start = parts[0].unicodeScalars.first,
            let end = parts[1].unicodeScalars.first, start.properties.isAlphabetic, end.properties.isAlphabetic
        {
            guard start.value <= end.value else { throw RangeError("range start '\(start)' is after its end '\(end)' in '\(name)'") }
            values = stride(from: start.value, through: end.value, by: step).compactMap { Unicode.Scalar($0).map { String($0) } }
        } else {
            throw RangeError("malformed range in '\(name)': bounds must be two numbers or two letters")
        }
        return try values.flatMap { value in try expand(head + value + tail) }
    }

    struct RangeError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
