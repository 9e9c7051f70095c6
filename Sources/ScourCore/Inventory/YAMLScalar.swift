import Foundation
import Yams

/// A YAML scalar typed as Ansible's loader types it: PyYAML's YAML 1.1 resolver (`yes`/`on`
/// are booleans, `017` is octal, `0o17` and `1e3` are text, `1_000` is a number), quoted
/// scalars always text.
enum YAMLScalar {
    static func value(_ scalar: Node.Scalar) -> InventoryValue {
        let text = scalar.string
        guard scalar.style == .plain, scalar.tag.description == Tag.Name.implicit.rawValue || scalar.tag.description.hasPrefix("tag:yaml.org,2002:") else {
            return .string(text)
        }
        if matches(null, text) { return .null }
        if matches(bool, text) { return .bool(["yes", "true", "on"].contains(text.lowercased())) }
        if matches(int, text), let number = integer(text) { return .int(number) }
        if matches(float, text), let number = double(text) { return .double(number) }
        return .string(text)
    }

    private static func matches(_ regex: NSRegularExpression, _ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    private static func integer(_ written: String) -> Int? {
        var text = written.replacingOccurrences(of: "_", with: "")
        var sign = 1
        if text.hasPrefix("-") { sign = -1; text.removeFirst() } else if text.hasPrefix("+") { text.removeFirst() }
        let value: Int?
        if text.contains(":") {
            value = text.split(separator: ":").reduce(0) { total, part in total * 60 + (Int(part) ?? 0) }
        } else if text.hasPrefix("0b") {
            value = Int(text.dropFirst(2), radix: 2)
        } else if text.hasPrefix("0x") {
            value = Int(text.dropFirst(2), radix: 16)
        } else if text.hasPrefix("0"), text.count > 1 {
            value = Int(text.dropFirst(), radix: 8)
        } else {
            value = Int(text)
        }
        return value.map { $0 * sign }
    }

    private static func double(_ written: String) -> Double? {
        let text = written.replacingOccurrences(of: "_", with: "").lowercased()
        if text.hasSuffix(".inf") { return text.hasPrefix("-") ? -.infinity : .infinity }
        if text == ".nan" { return .nan }
        if text.contains(":") {
            var sign = 1.0, body = Substring(text)
            if body.hasPrefix("-") { sign = -1; body = body.dropFirst() } else if body.hasPrefix("+") { body = body.dropFirst() }
            return sign * body.split(separator: ":").reduce(0.0) { $0 * 60 + (Double($1) ?? 0) }
        }
        return Double(text)
    }

    private static func regex(_ pattern: String) -> NSRegularExpression { try! NSRegularExpression(pattern: pattern) }
    private static let null = regex(#"^(?:~|null|Null|NULL|)$"#)
    private static let bool = regex(#"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"#)
    private static let int = regex(#"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"#)
    private static let float = regex(#"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"#)
}
