import Foundation
import ScourCore
@testable import ScourHost
import TestSupport
import Testing

/// The `globContents` item: run for real with `/bin/sh -s` over a tree of hostile names, and its
/// answer parsed as what a compromised host controls completely.
@Suite("globContents: run locally, parsed strictly")
struct GlobContentsProbeTests {
    let nonce = "GlobNonce0123456789abcdef"

    private func probe(_ items: [ProbeItem], in tree: HostileTree) throws -> HostObservation {
        let output = try LocalShell.run(ProbeScript.render(items, platform: .linux, nonce: nonce), in: tree.root)
        #expect(output.status == 0, "stderr: \(String(decoding: output.stderr, as: UTF8.self))")
        return try ProbeAnswer.parse(stdout: output.stdout, items: items, nonce: nonce)
    }

    @Test func every_match_comes_with_its_facts_and_a_regular_file_with_its_exact_bytes() throws {
        let tree = try HostileTree()
        defer { tree.remove() }
        let before = try tree.snapshot()
        // `new\nline` too: a name holding a control character is a real match.
        let item = ProbeItem.globContents(pattern: tree.root.path + "/*", maxMatches: 50, limit: 1024)
        let found = try #require(try probe([item], in: tree).globContents(for: item))
        let names = HostileTree.names + ["dir with space", "link to star"]
        #expect(found.total == names.count && !found.isTruncated)
        #expect(Set(found.matches.map(\.path)) == Set(names.map(tree.path)))
        for match in found.matches {
            let name = String(match.path.dropFirst(tree.root.path.count + 1))
            switch name {
            case "link to star":
                #expect(match.file.kind == .symlink && match.content == nil, "a final symlink is reported itself, never read")
            case "dir with space":
                #expect(match.file.kind == .directory && match.content == nil)
            default:
                let bytes = try Data(contentsOf: URL(fileURLWithPath: match.path))
                #expect(match.file.kind == .regular && match.content?.bytes == bytes, "\(name.debugDescription)")
                #expect(match.file.sha256 == SHA256.hex(of: bytes) && match.file.stat?.size == UInt64(bytes.count))
            }
        }
        #expect(try tree.snapshot() == before, "the probe wrote nothing")
        let pwned = try FileManager.default.contentsOfDirectory(atPath: tree.root.path).filter { $0.hasPrefix("pwned") }
        #expect(pwned.isEmpty)
    }


    @Test func the_total_is_reported_beyond_max_matches_and_a_file_over_the_limit_is_too_large_never_cut() throws {
        let tree = try HostileTree()
        defer { tree.remove() }
        let few = ProbeItem.globContents(pattern: tree.root.path + "/*", maxMatches: 3, limit: 1024)
        let big = ProbeItem.globContents(pattern: tree.path("dir with space") + "/*", maxMatches: 5, limit: 4999)
        let exact = ProbeItem.globContents(pattern: tree.path("dir with space") + "/b*", maxMatches: 5, limit: 5000)
        let none = ProbeItem.globContents(pattern: tree.root.path + "/no such */*", maxMatches: 5, limit: 10)
        let observation = try probe([few, big, exact, none], in: tree)
        let cut = try #require(observation.globContents(for: few))
        #expect(cut.total == HostileTree.names.count + 2 && cut.matches.count == 3 && cut.isTruncated)
        let large = try #require(observation.globContents(for: big)?.matches.first { $0.path.hasSuffix("/big.bin") })
        #expect(large.content == ContentObservation(kind: .regular, tooLarge: true))
        #expect(observation.globContents(for: exact)?.matches.first?.content?.bytes?.count == 5000)
        #expect(observation.globContents(for: none) == GlobContentsObservation(total: 0, matches: []))
    }

    // MARK: - A hostile answer

    static let item = ProbeItem.globContents(pattern: "/etc/cron.d/*", maxMatches: 2, limit: 32)
    static let cron = "* * * * * root x\n"

    /// An honest answer for a regular file `k` at `path` holding `text`, `overrides` applied
    /// (field → value; nil drops it).
    static func regular(_ k: Int, _ path: String, _ text: String, _ overrides: [String: String?] = [:]) -> [String] {
        let fields: [(String, String?)] = [
            ("path", path), ("type", "regular"), ("stat", "\(text.utf8.count):644:0:0:0:root:root"),
            ("sha256", SHA256.hex(of: Array(text.utf8))), ("data", text), ("unseen", nil),
        ]
        return fields.map { ($0.0, overrides.keys.contains($0.0) ? overrides[$0.0]! : $0.1) }
            .compactMap { name, value in value.map { ProbeAnswerTests.record(0, "\(k).\(name)", $0) } }
    }

    static func parse(_ records: [String]) throws -> GlobContentsObservation? {
        let answer = ProbeAnswerTests.answer(["SCOUR-PROBE 1 \(SearchAnswerTests.nonce)"] + records + ["SCOUR-END \(SearchAnswerTests.nonce) \(records.count)"])
        return try ProbeAnswer.parse(stdout: answer, items: [item], nonce: SearchAnswerTests.nonce).globContents(for: item)
    }

    @Test func an_honest_answer_is_read_with_the_total_beyond_max_matches() throws {
        let folder = ["1.path", "1.type", "1.stat"].map { ProbeAnswerTests.record(0, $0, ["1.path": "/etc/cron.d/sub", "1.type": "directory", "1.stat": "0:755:0:0:0:root:root"][$0]!) }
        let found = try #require(try Self.parse([ProbeAnswerTests.record(0, "count", "7")] + Self.regular(0, "/etc/cron.d/a", Self.cron) + folder))
        #expect(found.total == 7 && found.isTruncated)
        #expect(found.matches.map(\.path) == ["/etc/cron.d/a", "/etc/cron.d/sub"])
        #expect(found.matches[0].content?.bytes == Data(Self.cron.utf8) && found.matches[1].content == nil)
        let tooLarge = try #require(try Self.parse([ProbeAnswerTests.record(0, "count", "1")]
            + Self.regular(0, "/etc/cron.d/a", Self.cron, ["data": Self.cron + String(repeating: "+", count: 16), "sha256": String(repeating: "ab", count: 32)])))
        #expect(tooLarge.matches[0].content == ContentObservation(kind: .regular, tooLarge: true))
    }

    @Test("a path outside the glob is a lying probe", arguments: ["/etc/passwd", "/etc/cron.d/../shadow", "/etc/cron.d/a/b", "/etc/cron.d/a\u{0}"])
    func lyingPath(path: String) throws {
        let error = #expect(throws: ProbeError.self) { try Self.parse([ProbeAnswerTests.record(0, "count", "1")] + Self.regular(0, path, Self.cron)) }
        guard case .lyingProbe = error else { Issue.record("expected a lying probe, got \(String(describing: error))"); return }
    }

    @Test("hostile fields fail the item", arguments: [
        ["count": "-1"], ["count": "99999999999"], ["count": "99999999999999999999999"], ["count": "1"], ["path": "/etc/cron.d/a"],
        ["data": String(repeating: "x", count: 34)], ["data": nil], ["type": "fifo"], ["unseen": "permission_denied:/etc/cron.d/a"],
        ["unseen": "no_such_reason:/etc/cron.d/a", "sha256": nil, "data": nil],
        ["extra": "2"],
    ] as [[String: String?]])
    func hostileField(overrides: [String: String?]) throws {
        var records = [ProbeAnswerTests.record(0, "count", overrides["count"].map { $0! } ?? "2")]
        records += Self.regular(0, "/etc/cron.d/a", Self.cron, overrides.filter { $0.key != "path" && $0.key != "extra" && $0.key != "count" })
        records += Self.regular(1, overrides["path"].map { $0! } ?? "/etc/cron.d/b", Self.cron)
        if overrides["extra"] != nil { records += Self.regular(2, "/etc/cron.d/c", Self.cron) }
        #expect(throws: ProbeError.self, "\(overrides)") { try Self.parse(records) }
    }

    @Test func bytes_without_the_sha256_reported_are_unseen_for_that_file_alone() throws {
        let records = [ProbeAnswerTests.record(0, "count", "2")] + Self.regular(0, "/etc/cron.d/a", Self.cron, ["data": "* * * * * root y\n"])
            + Self.regular(1, "/etc/cron.d/b", Self.cron)
        let found = try #require(try Self.parse(records))
        #expect(found.matches[0].content == ContentObservation(kind: .regular, unseen: Unseen(.ioError, path: "/etc/cron.d/a")))
        #expect(found.matches[1].content?.bytes == Data(Self.cron.utf8))
    }

    @Test func bytes_sent_for_a_folder_or_a_symlink_fail_the_item() throws {
        for type in ["directory", "symlink"] {
            let records = [ProbeAnswerTests.record(0, "count", "1")] + Self.regular(0, "/etc/cron.d/a", Self.cron, ["type": type, "sha256": nil])
            #expect(throws: ProbeError.self, "\(type)") { try Self.parse(records) }
        }
    }

    @Test func its_size_bound_grows_with_max_matches_and_the_limit() {
        let small = ProbeAnswer.sizeBound(of: [.globContents(pattern: "/a/*", maxMatches: 1, limit: 1000)])
        let more = ProbeAnswer.sizeBound(of: [.globContents(pattern: "/a/*", maxMatches: 10, limit: 1000)])
        #expect(small >= 1000 * 4 / 3 && more >= 10 * 1000 * 4 / 3 && more < 10 * small)
        #expect(ProbeItem.globContents(pattern: "/a/*", maxMatches: 0, limit: 10).refusal(namesAreCommandArguments: true) != nil)
        #expect(ProbeItem.globContents(pattern: "/a/*", maxMatches: 1, limit: -1).refusal(namesAreCommandArguments: true) != nil)
    }
}
