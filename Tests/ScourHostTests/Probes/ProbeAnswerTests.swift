import Foundation
import Testing
@testable import ScourHost

@Suite("Probe answers are parsed strictly")
struct ProbeAnswerTests {
    static let nonce = "AnswerNonce0123456789"
    static let hash = String(repeating: "ab", count: 32)
    static let items: [ProbeItem] = [.file(path: "/opt/explorer.exe"), .hotfix(id: "Q300972")]

    /// The answer a host would give for `items`, as lines without their newline.
    static let goodLines: [String] = [
        "SCOUR-PROBE 1 \(nonce)",
        record(0, "type", "regular"),
        record(0, "stat", "12\n755\n0\n0\n1700000000\nroot\nroot"),
        record(0, "sha256", hash),
        record(1, "installed", "1"),
        "SCOUR-END \(nonce) 4",
    ]

    static func record(_ index: Int, _ field: String, _ value: String) -> String {
        "\(index) \(field) \(Data(value.utf8).base64EncodedString())"
    }

    static func answer(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\n") + "\n").utf8) }

    private func parse(_ bytes: [UInt8]) throws -> HostObservation {
        try ProbeAnswer.parse(stdout: bytes, items: Self.items, nonce: Self.nonce)
    }

    @Test func wellFormedAnswer() throws {
        let observation = try parse(Self.answer(Self.goodLines))
        let stat = FileStat(size: 12, mode: "755", uid: 0, gid: 0, mtime: 1_700_000_000, owner: "root", group: "root")
        #expect(observation.files["/opt/explorer.exe"] == FileObservation(kind: .regular, stat: stat, sha256: Self.hash))
        #expect(observation.hotfixes["Q300972"] == true)
    }

    /// A host that reports a glob match its pattern cannot have matched is lying: the answer is
    /// refused before the path can enter a plan (and be quarantined).
    @Test(arguments: [
        ("/opt/legit-app.bin", "outside the pattern"), ("/var/www/uploads/a/b.php", "a * never crosses a folder"),
        ("/var/www/uploads/../../../etc/passwd.php", "dot-dot"), ("/var/www/uploads/.hidden.php", "a * never matches a leading dot"),
        ("/var/www/uploads/x\u{0}.php", "a NUL, which no name holds"),
    ])
    func aGlobMatchOutsideItsPatternIsALyingProbe(path: String, why: String) throws {
        let pattern = "/var/www/uploads/*.php"
        let lines = [
            "SCOUR-PROBE 1 \(Self.nonce)", Self.record(0, "count", "1"), Self.record(0, "0.path", path.replacingOccurrences(of: "\\n", with: "\n")),
            Self.record(0, "0.type", "regular"), Self.record(0, "0.stat", "1\n644\n0\n0\n1\nroot\nroot"), Self.record(0, "0.sha256", Self.hash),
            "SCOUR-END \(Self.nonce) 5",
        ]
        #expect(throws: ProbeError.self, "\(why)") {
            try ProbeAnswer.parse(stdout: Self.answer(lines), items: [.glob(pattern: pattern, maxMatches: 5)], nonce: Self.nonce)
        }
        let honest = lines.map { $0 == lines[2] ? Self.record(0, "0.path", "/var/www/uploads/shell.php") : $0 }
        let observation = try ProbeAnswer.parse(stdout: Self.answer(honest), items: [.glob(pattern: pattern, maxMatches: 5)], nonce: Self.nonce)
        #expect(observation.globs[pattern]?.matches.map(\.path) == ["/var/www/uploads/shell.php"])
    }

    /// Any user may put a tab, a newline or a CR in a name: such a match of the pattern is a
    /// real match (quarantined like any other), not a lie.
    @Test(arguments: ["/var/www/uploads/x\n.php", "/var/www/uploads/\tshell.php", "/var/www/uploads/shell.php\r"])
    func aMatchWithAControlCharacterIsARealMatch(path: String) throws {
        let pattern = "/var/www/uploads/*"
        let lines = [
            "SCOUR-PROBE 1 \(Self.nonce)", Self.record(0, "count", "1"), Self.record(0, "0.path", path),
            Self.record(0, "0.type", "regular"), Self.record(0, "0.stat", "1:644:0:0:1:root:root"), Self.record(0, "0.sha256", Self.hash),
            "SCOUR-END \(Self.nonce) 5",
        ]
        let observation = try ProbeAnswer.parse(stdout: Self.answer(lines), items: [.glob(pattern: pattern, maxMatches: 5)], nonce: Self.nonce)
        #expect(observation.globs[pattern]?.matches.map(\.path) == [path])
    }

    @Test func plainValuesMeanTheSameAsBase64() throws {
        let plain = Self.goodLines.map { line in
            line == Self.record(0, "sha256", Self.hash) ? "0 sha256 =\(Self.hash)"
                : line == Self.record(1, "installed", "1") ? "1 installed =1"
                : line == Self.record(0, "stat", "12\n755\n0\n0\n1700000000\nroot\nroot") ? "0 stat =12:755:0:0:1700000000:root:root" : line
        }
        #expect(try parse(Self.answer(plain)) == (try parse(Self.answer(Self.goodLines))))
        for bad in ["1 installed =1 2", "1 installed =a$b", "1 installed =é"] {
            let lines = Self.goodLines.map { $0 == Self.record(1, "installed", "1") ? bad : $0 }
            #expect(throws: ProbeError.self, "\(bad)") { try parse(Self.answer(lines)) }
        }
    }

    @Test func windowsLineEndingsAreAccepted() throws {
        let bytes = Array((Self.goodLines.joined(separator: "\r\n") + "\r\n").utf8)
        #expect(try parse(bytes) == (try parse(Self.answer(Self.goodLines))))
    }

    struct Garbling: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var expected: ProbeError
        var testDescription: String { name }
    }

    static func garbled(_ name: String, _ expected: ProbeError, _ edit: (inout [String]) -> Void) -> Garbling {
        var lines = goodLines
        edit(&lines)
        return Garbling(name: name, bytes: answer(lines), expected: expected)
    }

    static let garblings: [Garbling] = [
        Garbling(name: "empty", bytes: [], expected: .truncated("the host printed nothing")),
        Garbling(name: "no final newline", bytes: answer(goodLines).dropLast(), expected: .truncated("the output does not end with a newline")),
        garbled("cut before the trailer", .truncated("the last line is not the trailer \"SCOUR-END <nonce> <count>\"")) { $0.removeLast() },
        garbled("header only", .truncated("no trailer after the header")) { $0 = [$0[0]] },
        garbled("banner before the header", .malformedLine(line: 1, problem: "expected the header \"SCOUR-PROBE 1 <nonce>\"")) { $0.insert("Welcome!", at: 0) },
        garbled("wrong nonce in header", .wrongNonce(expected: nonce, found: "Other0123456789abcdef")) { $0[0] = "SCOUR-PROBE 1 Other0123456789abcdef" },
        garbled("wrong nonce in trailer", .wrongNonce(expected: nonce, found: "Other0123456789abcdef")) { $0[5] = "SCOUR-END Other0123456789abcdef 4" },
        garbled("other version", .unsupportedVersion("2")) { $0[0] = "SCOUR-PROBE 2 \(nonce)" },
        garbled("record lost", .recordCountMismatch(announced: 4, received: 3)) { $0.remove(at: 4) },
        garbled("record added", .recordCountMismatch(announced: 4, received: 5)) { $0.insert(record(1, "installed", "0"), at: 4) },
        garbled("duplicate record", .malformedLine(line: 5, problem: "duplicate field \"type\" for item 0")) {
            $0[4] = record(0, "type", "regular")
        },
        garbled("bad base64", .malformedLine(line: 5, problem: "the value of \"installed\" is not valid base64")) { $0[4] = "1 installed M=Q" },
        garbled("index out of range", .malformedLine(line: 5, problem: "item index 2 out of range (2 items)")) { $0[4] = record(2, "installed", "1") },
        garbled("index not a number", .malformedLine(line: 5, problem: "the item index is not a number")) { $0[4] = record(1, "installed", "1").replacingOccurrences(of: "1 ", with: "+1 ") },
        garbled("extra space", .malformedLine(line: 5, problem: "expected \"<index> <field> <base64>\", found 4 space-separated parts")) { $0[4] += " " },
        garbled("missing field", .invalidItem(index: 1, item: "hotfix \"Q300972\"", problem: "missing field \"installed\"")) {
            $0[4] = record(1, "runnin", "1")
        },
        garbled("value out of domain", .invalidItem(index: 1, item: "hotfix \"Q300972\"", problem: "field \"installed\" is not 0 or 1: yes")) {
            $0[4] = record(1, "installed", "yes")
        },
        garbled("unexpected field", .invalidItem(index: 0, item: "file \"/opt/explorer.exe\"", problem: "unexpected field \"data\"")) {
            $0[3] = record(0, "data", "x")
            $0.insert(record(0, "sha256", hash), at: 4)
            $0[6] = "SCOUR-END \(nonce) 5"
        },
        garbled("not a hash", .invalidItem(index: 0, item: "file \"/opt/explorer.exe\"", problem: "not a SHA-256: \(hash.uppercased())")) {
            $0[3] = record(0, "sha256", hash.uppercased())
        },
        garbled("short stat", .invalidItem(index: 0, item: "file \"/opt/explorer.exe\"", problem: "malformed stat \"12\n755\"")) {
            $0[2] = record(0, "stat", "12\n755")
        },
        garbled("host-side error", .itemFailed(index: 1, item: "hotfix \"Q300972\"", message: "pgrep failed")) {
            $0[4] = record(1, "error", "pgrep failed")
        },
        garbled("control character", .malformedLine(line: 5, problem: "not printable ASCII")) { $0[4] += "\u{1b}[2J" },
        garbled("trailing garbage", .truncated("the last line is not the trailer \"SCOUR-END <nonce> <count>\"")) { $0.append("extra") },
    ]

    @Test("a garbled answer is rejected with a precise error", arguments: garblings)
    func garbledAnswer(_ garbling: Garbling) {
        #expect(throws: garbling.expected) { try parse(garbling.bytes) }
    }

    @Test func digestIsStableAndSensitive() throws {
        let observation = try parse(Self.answer(Self.goodLines))
        let decoded = try JSONDecoder().decode(HostObservation.self, from: Data(observation.canonicalJSON()))
        #expect(decoded == observation)
        #expect(decoded.digest == observation.digest)
        #expect(observation.digest.count == 64)
        var changed = observation
        changed.hotfixes["Q300972"] = false
        #expect(changed.digest != observation.digest)
    }
}
