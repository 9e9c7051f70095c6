import Foundation

/// Ansible's `parse_address` (lib/ansible/parsing/utils/addresses.py): a host identifier with
/// an optional port — `host`, `host:22`, `192.0.2.1:22`, `[2001:db8::5]:2200`, bare IPv6
/// `2001:db8::5` — ranges (`web[1:3]`) allowed. The INI reader splits host lines with it and
/// `--limit` decides with it whether a pattern holding `:` is one name or a list.
enum AnsibleAddress {
    /// The host and port, or nil when the text is not a host identifier (Ansible raises).
    static func parse(_ text: String) -> (host: String, port: Int?)? {
        var address = text
        var port: Int?
        for pattern in [bracketedHostPort, hostPort] {
            if let groups = match(pattern, address), groups.count == 2, let number = Int(groups[1]) {
                (address, port) = (groups[0], number)
            }
        }
        guard [ipv4, ipv6, hostname].contains(where: { match($0, address) != nil }) else { return nil }
        return (address, port)
    }

    /// An IPv4 or IPv6 address (as Ansible's patterns read one, ranges allowed).
    static func isIPAddress(_ text: String) -> Bool {
        match(ipv4, text) != nil || match(ipv6, text) != nil
    }

    private static func match(_ regex: NSRegularExpression, _ text: String) -> [String]? {
        guard let found = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (1..<max(1, found.numberOfRanges)).map { index in
            Range(found.range(at: index), in: text).map { String(text[$0]) } ?? ""
        }
    }

    private static let numericRange = #"\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]"#
    private static let hexadecimalRange = #"\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]"#
    private static let alphanumericRange = #"\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]"#
    private static let ipv6Component = "(?:[0-9a-f]{1,4}|\(hexadecimalRange))"
    private static let ipv4Component = "(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|\(numericRange))"
    private static let label = "(?:[\\w]|\(alphanumericRange))(?:[\\w_-]|\(alphanumericRange))*(?<![_-])"

    private static func regex(_ pattern: String, caseInsensitive: Bool = false) -> NSRegularExpression {
        try! NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
    }

    private static let bracketedHostPort = regex(#"^\[(.+)\]:([0-9]+)$"#)
    private static let hostPort = regex(#"^((?:[^:\[\]]|\[[^\]]*\])*):([0-9]+)$"#)
    private static let ipv4 = regex("^(?:\(ipv4Component)\\.){3}\(ipv4Component)$", caseInsensitive: true)
    private static let ipv6: NSRegularExpression = {
        let c = ipv6Component
        let four = "(?:\(c)\\.){3}\(c)"
        let alternatives = [
            "(?:\(c):){7}\(c)", "(?:\(c):){1,6}:", "(?:\(c):)(?::\(c)){1,6}", "(?:\(c):){2}(?::\(c)){1,5}",
            "(?:\(c):){3}(?::\(c)){1,4}", "(?:\(c):){4}(?::\(c)){1,3}", "(?:\(c):){5}(?::\(c)){1,2}",
            "(?:\(c):){6}(?::\(c))", ":(?::\(c)){1,6}", "\(c)?::", "(?:0:){6}\(four)", "::(?:ffff:)?\(four)",
            "(?:0:){5}ffff:\(four)",
        ]
        return regex("^(" + alternatives.joined(separator: "|") + ")$", caseInsensitive: true)
    }()
    private static let hostname = regex("^\(label)(?:\\.\(label))*$", caseInsensitive: true)
}
