/// Text a host sent (file names, stderr, manifest fields, probe answers), made safe to show.
///
/// A compromised host controls these bytes. Printed raw, an escape sequence can erase a real
/// failure (`\e[1A\e[2K`), a newline can forge a whole line of Scour's own output
/// (`h04 wave 1 nothing to change`), a bidi override (U+202E) can show a name backwards, and a
/// backtick run can close a report's code fence and have the rest rendered as markdown. Every
/// such character is shown as a visible escape instead:
///
/// - ESC as `\e`; newline, carriage return, tab as `\n`, `\r`, `\t`; the other C0 controls
///   and DEL as `\xNN` (`\x07`);
/// - C1 controls, bidi embeddings, overrides, isolates and marks, zero-width and other
///   invisible format characters, line and paragraph separators, private-use characters,
///   noncharacters (U+FFFE, U+FFFF, U+FDD0…U+FDEF and the last two of every plane) and
///   blank-rendering fillers as `\u{NNNN}` (`\u{202E}`);
/// - bytes that are not UTF-8 as `\xNN` (only from the byte forms: a `String` has none).
///
/// What is left is always text XML 1.0 can hold (no C0 control but newline and tab, no
/// U+FFFE or U+FFFF; a `String` has no lone surrogate), so a JUnit report stays well-formed.
///
/// The escapes are for reading, not for parsing back: a backslash from the host is shown as it
/// is, so a Windows path reads as one. They cannot forge anything: no escape moves the cursor.
public enum HostText {
    /// For a single-line context (a status line, a table cell, a log field): newlines and tabs
    /// escaped too, so the text cannot start a line of its own.
    public static func terminal(_ text: String) -> String {
        escaped(text.unicodeScalars.lazy.map { .scalar($0) }, keepingLines: false)
    }

    /// `terminal(_:)` for raw bytes; invalid UTF-8 is shown byte by byte as `\xNN`.
    public static func terminal<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        escaped(decoded(bytes), keepingLines: false)
    }

    /// For a multi-line tail (a command's stderr, a file excerpt): newlines and tabs kept, every
    /// other character escaped as in `terminal(_:)` — including `\r`, which could overwrite a line.
    public static func terminalLines(_ text: String) -> String {
        escaped(text.unicodeScalars.lazy.map { .scalar($0) }, keepingLines: true)
    }

    /// `terminalLines(_:)` for raw bytes.
    public static func terminalLines<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        escaped(decoded(bytes), keepingLines: true)
    }

    /// A markdown code fence `text` cannot close: backticks, one more than the longest run of
    /// backticks in it, and never fewer than three.
    public static func markdownFence(for text: String) -> String {
        var longest = 0, run = 0
        for character in text.unicodeScalars {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }

    // MARK: Escaping

    /// One piece of host text: a Unicode scalar, or a byte that was not part of valid UTF-8.
    private enum Piece {
        case scalar(Unicode.Scalar)
        case invalidByte(UInt8)
    }

    private static func escaped(_ pieces: some Sequence<Piece>, keepingLines: Bool) -> String {
        var output = ""
        for piece in pieces {
            switch piece {
            case .invalidByte(let byte):
                output += hexByte(byte)
            case .scalar(let scalar):
                switch scalar {
                case "\n" where keepingLines, "\t" where keepingLines: output.unicodeScalars.append(scalar)
                case "\n": output += "\\n"
                case "\t": output += "\\t"
                case "\r": output += "\\r"
                case "\u{1B}": output += "\\e"
                case "\u{00}"..."\u{1F}", "\u{7F}": output += hexByte(UInt8(scalar.value))
                default:
                    if isHidden(scalar) {
                        output += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                    } else {
                        output.unicodeScalars.append(scalar)
                    }
                }
            }
        }
        return output
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return "\\x" + (digits.count == 1 ? "0" : "") + digits
    }

    /// Characters a terminal or a renderer acts on, or shows as nothing, rather than as a glyph.
    private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        // C1 controls; bidi marks, embeddings, overrides and isolates, zero-width characters, the
        // BOM, invisible operators and tag characters are all `format`.
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse:
            return true
        default:
            // Noncharacters are not for interchange; U+FFFE and U+FFFF would make XML ill-formed.
            return scalar.properties.isNoncharacterCodePoint || invisibleLetters.contains(scalar.value)
        }
    }

    /// Letters and marks that render as blank space: the combining grapheme joiner, the Hangul
    /// fillers and the Mongolian free variation selectors.
    private static let invisibleLetters: Set<UInt32> = [0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, 0x180B, 0x180C, 0x180D, 0x180F]

    /// UTF-8 decoding that keeps every invalid byte, in order, instead of replacing it.
    private static func decoded<Bytes: Sequence>(_ bytes: Bytes) -> [Piece] where Bytes.Element == UInt8 {
        let all = Array(bytes)
        var pieces: [Piece] = []
        pieces.reserveCapacity(all.count)
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = all.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                pieces.append(.scalar(Unicode.UTF8.decode(encoded)))
                offset += encoded.count
            case .error(let length):
                pieces += all[offset..<offset + length].map(Piece.invalidByte)
                offset += length
            case .emptyInput:
                return pieces
            }
        }
    }
}
