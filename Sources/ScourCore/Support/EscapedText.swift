/// Bytes from outside (a script's output, a host's answer) made safe to print: printable
/// ASCII as is, `\n` `\r` `\t` `\\` `\"` as escapes (so the text can be shown in quotes),
/// every other byte as `\xNN`; at most `limit` bytes shown, and `…` when there was more.
public enum EscapedText {
    public static func of(_ bytes: some Collection<UInt8>, limit: Int) -> String {
        var text = ""
        for byte in bytes.prefix(limit) {
            switch byte {
            case UInt8(ascii: "\n"): text += "\\n"
            case UInt8(ascii: "\r"): text += "\\r"
            case UInt8(ascii: "\t"): text += "\\t"
            case UInt8(ascii: "\\"): text += "\\\\"
            case UInt8(ascii: "\""): text += "\\\""
            case 0x20...0x7e: text.append(Character(Unicode.Scalar(byte)))
            default: text += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return bytes.count > limit ? text + "…" : text
    }
}
