/// A value as Python's `str()` writes it — how ansible-core 2.19 joins the parts of a template
/// that is more than one `{{ }}` (`"in {{ group_names }}"` is `in ['db', 'web']`). Nil where
/// Scour cannot be sure to write exactly what Python writes (floats, mappings, whose order
/// Scour does not keep, and strings with bytes Python escapes as `\xNN`/`\uNNNN`): the caller
/// then refuses rather than guess.
enum PythonText {
    /// `str(value)`: text as it is, `None` as nothing (Ansible renders a null part as empty).
    static func str(_ value: InventoryValue) -> String? {
        switch value {
        case .string(let text): return text
        case .null: return ""
        default: return repr(value)
        }
    }

    /// `repr(value)`, as a list shows its items.
    static func repr(_ value: InventoryValue) -> String? {
        switch value {
        case .string(let text): return repr(text)
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "True" : "False"
        case .null: return "None"
        case .list(let items):
            var parts: [String] = []
            for item in items {
                guard let part = repr(item) else { return nil }
                parts.append(part)
            }
            return "[" + parts.joined(separator: ", ") + "]"
        case .double, .map: return nil
        }
    }

    /// Python's quoting: single quotes unless the text holds `'` and no `"`; `\\`, the quote,
    /// tab, newline and carriage return escaped.
    private static func repr(_ text: String) -> String? {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var written = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": written += "\\\\"
            case "\t": written += "\\t"
            case "\n": written += "\\n"
            case "\r": written += "\\r"
            case " "..."~":
                if Character(scalar) == quote { written += "\\" }
                written.unicodeScalars.append(scalar)
            default: return nil
            }
        }
        return written + String(quote)
    }
}
