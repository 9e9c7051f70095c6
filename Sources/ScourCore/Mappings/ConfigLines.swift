/// A configuration file as lines, each with its own line ending, so an edit that removes or
/// rewrites some lines gives back every other byte exactly as it was.
struct ConfigLines {
    struct Line {
        /// Without the line ending.
        var text: String
        /// `"\n"`, `"\r\n"`, or `""` for a last line without one.
        var ending: String
    }

    var lines: [Line]

    init(lines: [Line]) { self.lines = lines }

    init(_ text: String) {
        // On UTF-8 bytes: in Swift "\r\n" is one Character, so a Character search for "\n" misses it.
        let bytes = Array(text.utf8)
        var lines: [Line] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            let crlf = index > start && bytes[index - 1] == 0x0D
            lines.append(Line(text: String(decoding: bytes[start..<(crlf ? index - 1 : index)], as: UTF8.self), ending: crlf ? "\r\n" : "\n"))
            start = index + 1
        }
        if start < bytes.count { lines.append(Line(text: String(decoding: bytes[start...], as: UTF8.self), ending: "")) }
        self.lines = lines
    }

    var text: String { lines.map { $0.text + $0.ending }.joined() }
}
