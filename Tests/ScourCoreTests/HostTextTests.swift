import ScourCore
import Testing

/// Host-supplied text shown with every character a terminal or renderer would act on escaped
/// (issue 15, row 6).
@Suite struct HostTextTests {
    @Test func plain_text_and_backslashes_pass_through() {
        #expect(HostText.terminal("/var/www/scripts/root.exe") == "/var/www/scripts/root.exe")
        #expect(HostText.terminal(#"C:\inetpub\scripts\root.exe"#) == #"C:\inetpub\scripts\root.exe"#)
        #expect(HostText.terminal("café – naïve 日本語 🙂") == "café – naïve 日本語 🙂")
    }

    @Test func escape_sequences_cannot_move_the_cursor() {
        let erase = "\u{1B}[1A\u{1B}[2Kall good"
        #expect(HostText.terminal(erase) == #"\e[1A\e[2Kall good"#)
        #expect(HostText.terminalLines(erase) == #"\e[1A\e[2Kall good"#)
        #expect(!HostText.terminal(erase).unicodeScalars.contains("\u{1B}"))
    }

    @Test func newlines_cannot_forge_a_line_in_a_single_line_context() {
        let forged = "x\nh04 wave 1 nothing to change\r\n"
        #expect(HostText.terminal(forged) == #"x\nh04 wave 1 nothing to change\r\n"#)
        #expect(HostText.terminal("a\tb") == #"a\tb"#)
    }

    @Test func multi_line_tails_keep_newlines_and_tabs_but_not_carriage_returns() {
        #expect(HostText.terminalLines("line 1\n\tline 2\rover\n") == "line 1\n\tline 2\\rover\n")
    }

    @Test func other_c0_controls_and_del_are_hex() {
        #expect(HostText.terminal("bell\u{07}nul\u{00}bs\u{08}del\u{7F}") == #"bell\x07nul\x00bs\x08del\x7f"#)
        #expect(HostText.terminalLines("\u{0B}\u{0C}\u{1F}") == #"\x0b\x0c\x1f"#)
    }

    @Test func c1_controls_are_escaped() {
        // U+009B is the one-character CSI some terminals obey; U+0085 is NEL, a newline to some.
        #expect(HostText.terminal("a\u{9B}2Kb\u{85}c\u{80}") == #"a\u{9B}2Kb\u{85}c\u{80}"#)
    }

    @Test func bidi_controls_are_escaped() {
        #expect(HostText.terminal("invoice\u{202E}fdp.exe") == #"invoice\u{202E}fdp.exe"#)
        let all = "\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{200E}\u{200F}\u{061C}"
        #expect(HostText.terminal(all) == #"\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{200E}\u{200F}\u{61C}"#)
    }

    @Test func invisible_characters_are_escaped() {
        #expect(HostText.terminal("root\u{200B}.exe") == #"root\u{200B}.exe"#, "zero-width space")
        #expect(HostText.terminal("a\u{200C}b\u{200D}c\u{2060}d\u{FEFF}e\u{AD}f") == #"a\u{200C}b\u{200D}c\u{2060}d\u{FEFF}e\u{AD}f"#)
        #expect(HostText.terminal("x\u{E0041}y") == #"x\u{E0041}y"#, "tag characters")
        #expect(HostText.terminal("\u{3164}\u{115F}\u{34F}") == #"\u{3164}\u{115F}\u{34F}"#, "blank-rendering fillers")
        #expect(HostText.terminal("\u{E000}") == #"\u{E000}"#, "private use")
    }

    @Test func line_and_paragraph_separators_are_escaped_even_in_multi_line_tails() {
        #expect(HostText.terminalLines("a\u{2028}b\u{2029}c") == #"a\u{2028}b\u{2029}c"#)
    }

    @Test func noncharacters_are_escaped() {
        var text = String.UnicodeScalarView()
        for value: UInt32 in [0x61, 0xFFFE, 0xFFFF, 0xFDD0, 0x1FFFF, 0x10FFFE] { text.append(Unicode.Scalar(value)!) }
        #expect(HostText.terminalLines(String(text)) == #"a\u{FFFE}\u{FFFF}\u{FDD0}\u{1FFFF}\u{10FFFE}"#)
    }

    /// Every scalar XML 1.0 forbids (C0 controls but tab, newline, carriage return; U+FFFE and
    /// U+FFFF; a `String` holds no surrogate) is escaped: what is left is XML text (issue 24, R1).
    @Test func nothing_xml_forbids_is_left() {
        var text = String.UnicodeScalarView()
        for value: UInt32 in Array(0x00..<0x20) + [0xFFFE, 0xFFFF] { text.append(Unicode.Scalar(value)!) }
        for escaped in [HostText.terminal(String(text)), HostText.terminalLines(String(text))] {
            #expect(escaped.unicodeScalars.allSatisfy(Self.isXMLCharacter), "\(escaped)")
        }
    }

    /// XML 1.0's `Char`, less the carriage return (which a parser turns into a newline).
    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...: return true
        default: return false
        }
    }

    @Test func invalid_utf8_bytes_are_shown_one_by_one() {
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0xC3, 0x28, 0xE2, 0x82, 0x1B, 0x5B, 0xC3, 0xA9, 0xED, 0xA0, 0x80]
        // a, \xff, b, \xc3 (truncated), "(", \xe2\x82 (truncated), ESC, "[", é, a surrogate's bytes.
        #expect(HostText.terminal(bytes) == #"a\xffb\xc3(\xe2\x82\e[é\xed\xa0\x80"#)
        #expect(HostText.terminalLines([0x6F, 0x6B, 0x0A, 0x80]) == "ok\n\\x80")
        #expect(HostText.terminal(Array("h04 ✓\n".utf8)) == #"h04 ✓\n"#)
    }

    @Test func no_random_bytes_get_a_control_character_through() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            // Biased towards the dangerous ranges: C0, DEL, C1 lead bytes and the bidi block's.
            let alphabet: [UInt8] = Array(0x00...0x20) + [0x7F, 0xC2, 0x80, 0x85, 0x9B, 0xE2, 0x80, 0xAE, 0xA8, 0x81, 0x8F, 0x61]
            let bytes = (0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            for (shown, keepsLines) in [(HostText.terminal(bytes), false), (HostText.terminalLines(bytes), true)] {
                let bad = shown.unicodeScalars.filter { scalar in
                    if keepsLines && (scalar == "\n" || scalar == "\t") { return false }
                    let category = scalar.properties.generalCategory
                    return category == .control || category == .format || category == .lineSeparator || category == .paragraphSeparator
                }
                #expect(bad.isEmpty, "\(bytes) shown as \(shown.debugDescription)")
            }
        }
    }

    @Test func markdown_fences_outlast_every_backtick_run() {
        #expect(HostText.markdownFence(for: "no ticks") == "```")
        #expect(HostText.markdownFence(for: "a `b` c") == "```")
        #expect(HostText.markdownFence(for: "```\n# injected\n```") == "````")
        #expect(HostText.markdownFence(for: "x ````` y ``") == "``````")
        let hostile = "done\n```\n**[click](http://evil)**\n"
        let fence = HostText.markdownFence(for: hostile)
        #expect(!hostile.contains(fence))
    }
}
