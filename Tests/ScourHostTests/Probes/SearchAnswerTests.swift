import Foundation
import Testing
@testable import ScourHost

/// `processes` and `contentGlob` answers come from a host that may be compromised: every field
/// is bounded, checked against what was asked, and anything else refuses the whole answer.
@Suite("Process and content-glob answers are parsed strictly")
struct SearchAnswerTests {
    static let nonce = ProbeAnswerTests.nonce
    static let hash = ProbeAnswerTests.hash
    static let processes = ProbeItem.processes(name: "kworkerds", executable: "/opt/.kworker/*", commandLine: "stratum\\+tcp://", maxMatches: 2)
    static let pages = ProbeItem.contentGlob(pattern: "/var/www/*/index.html", regex: "readme\\.eml", maxMatches: 3, lineLimit: 16)

    static func record(_ index: Int, _ field: String, _ value: String) -> String { ProbeAnswerTests.record(index, field, value) }

    /// One honest process record set for `k`, with `overrides` (field → value; nil drops it).
    static func process(_ k: Int, pid: Int, _ overrides: [String: String?] = [:]) -> [String] {
        var fields: [(String, String?)] = [
            ("pid", String(pid)), ("start", "1190722"), ("uid", "0"), ("user", "root"), ("name", "kworkerds"),
            ("exe", "/opt/.kworker/kworkerds"), ("deleted", "0"), ("size", "4096"), ("sha256", hash),
            ("cmdline", "/opt/.kworker/kworkerds -o stratum+tcp://pool.example:3333"),
        ]
        fields = fields.map { ($0.0, overrides.keys.contains($0.0) ? overrides[$0.0]! : $0.1) }
        return fields.compactMap { name, value in value.map { record(0, "\(k).\(name)", $0) } }
    }

    static func answer(_ records: [String]) -> [UInt8] {
        ProbeAnswerTests.answer(["SCOUR-PROBE 1 \(nonce)"] + records + ["SCOUR-END \(nonce) \(records.count)"])
    }

    static func parse(_ records: [String], _ item: ProbeItem) throws -> HostObservation {
        try ProbeAnswer.parse(stdout: answer(records), items: [item], nonce: nonce)
    }

    @Test func processesAreReadWithEveryField() throws {
        let records = Self.process(0, pid: 4242) + Self.process(1, pid: 4243, ["uid": nil, "size": nil, "sha256": nil, "deleted": "1"])
            + [Self.record(0, "count", "3")]
        let list = try #require(try Self.parse(records, Self.processes).processList(for: Self.processes))
        #expect(list.total == 3)
        #expect(list.isTruncated)
        #expect(list.processes.map(\.pid) == [4242, 4243])
        let first = list.processes[0]
        #expect(first == ProcessObservation(
            pid: 4242, start: "1190722", uid: 0, user: "root", name: "kworkerds", executable: "/opt/.kworker/kworkerds", executableDeleted: false,
            executableSize: 4096, executableSHA256: Self.hash, commandLine: "/opt/.kworker/kworkerds -o stratum+tcp://pool.example:3333",
            commandLineIsCut: false))
        #expect(list.processes[1].uid == nil && list.processes[1].executableSHA256 == nil && list.processes[1].executableDeleted)
    }

    @Test("a process the criteria cannot have matched is a lying probe", arguments: [
        ["name": "sshd"], ["exe": "/usr/sbin/sshd"], ["exe": "/opt/other/kworkerds"], ["cmdline": "/opt/.kworker/kworkerds --quiet"],
    ] as [[String: String?]])
    func lyingProcess(overrides: [String: String?]) throws {
        let error = #expect(throws: ProbeError.self) { try Self.parse(Self.process(0, pid: 7, overrides) + [Self.record(0, "count", "1")], Self.processes) }
        guard case .lyingProbe = error else { Issue.record("expected a lying probe, got \(String(describing: error))"); return }
    }

    @Test("hostile process fields refuse the answer", arguments: [
        ["pid": "0"], ["pid": "-5"], ["pid": "99999999999"], ["pid": "12x"], ["uid": "root"], ["size": "-1"], ["sha256": "ABCD"],
        ["deleted": "yes"], ["start": String(repeating: "9", count: 65)], ["user": String(repeating: "u", count: 1025)],
        ["exe": ""], ["cmdline": String(repeating: "x", count: 4 * (ProbeItem.commandLineLimit + 1) + 1)], ["pid": nil], ["cmdline": nil],
    ] as [[String: String?]])
    func hostileProcessFields(overrides: [String: String?]) throws {
        #expect(throws: ProbeError.self) { try Self.parse(Self.process(0, pid: 7, overrides) + [Self.record(0, "count", "1")], Self.processes) }
    }

    @Test func aProcessReportedTwiceIsRefused() throws {
        #expect(throws: ProbeError.self) {
            try Self.parse(Self.process(0, pid: 7) + Self.process(1, pid: 7) + [Self.record(0, "count", "2")], Self.processes)
        }
    }

    @Test func aHugeCountAsksForNoMoreThanMaxMatches() throws {
        let list = try Self.parse(Self.process(0, pid: 7) + Self.process(1, pid: 8) + [Self.record(0, "count", "\(Int.max)")], Self.processes)
            .processList(for: Self.processes)
        #expect(list?.processes.count == 2)
        #expect(list?.total == Int.max)
        // A process beyond max_matches is a field no item defines.
        #expect(throws: ProbeError.self) {
            try Self.parse(Self.process(0, pid: 7) + Self.process(1, pid: 8) + Self.process(2, pid: 9) + [Self.record(0, "count", "3")], Self.processes)
        }
    }

    @Test func aLongCommandLineIsCutAtACharacterBoundaryAndControlBytesKept() throws {
        let long = "/opt/.kworker/kworkerds stratum+tcp://x " + String(repeating: "é", count: ProbeItem.commandLineLimit)
        let list = try Self.parse(Self.process(0, pid: 7, ["cmdline": long, "name": "kworkerds"]) + [Self.record(0, "count", "1")], Self.processes)
            .processList(for: Self.processes)
        let process = try #require(list?.processes.first)
        #expect(process.commandLineIsCut)
        #expect(process.commandLine.utf8.count <= ProbeItem.commandLineLimit && process.commandLine.utf8.count >= ProbeItem.commandLineLimit - 1)
        #expect(long.hasPrefix(process.commandLine))
        let escaped = try Self.parse(Self.process(0, pid: 7, ["user": "r\u{1B}[2Koot\n"]) + [Self.record(0, "count", "1")], Self.processes)
        #expect(escaped.processList(for: Self.processes)?.processes.first?.user == "r\u{1B}[2Koot\n", "kept as sent; HostText escapes it when shown")
    }

    @Test func linesAreReadWithTheirFiles() throws {
        let records = [
            Self.record(0, "count", "5"), Self.record(0, "0.path", "/var/www/a/index.html"), Self.record(0, "0.line", "2"),
            Self.record(0, "0.text", "<a href=readme.eml>"), Self.record(0, "2.path", "/var/www/c d/index.html"), Self.record(0, "2.line", "9"),
            Self.record(0, "2.text", "12345678901234567890readme.eml"),
        ]
        let found = try #require(try Self.parse(records, Self.pages).contentGlob(for: Self.pages))
        #expect(found.total == 5 && found.searched == 3 && found.isTruncated)
        #expect(found.matches == [
            LineMatch(path: "/var/www/a/index.html", line: 2, text: "<a href=readme.e", textIsCut: true),
            LineMatch(path: "/var/www/c d/index.html", line: 9, text: "1234567890123456", textIsCut: true),
        ])
    }

    @Test func overMaxMatchesWithNoMatchSearchedCannotBeAnswered() throws {
        let error = #expect(throws: ProbeError.self) { try Self.parse([Self.record(0, "count", "4")], Self.pages) }
        guard case .unanswerable(0, _, let reason) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(reason.contains("4 paths") && reason.contains("max_matches = 3"))
        // Within max_matches, no match is a plain "no".
        #expect(try Self.parse([Self.record(0, "count", "3")], Self.pages).contentGlob(for: Self.pages)?.matches == [])
    }

    @Test("hostile line records refuse the answer", arguments: [
        ["0.path": "/etc/passwd"], ["0.path": "/var/www/a/b/index.html"], ["0.path": "/var/www/x\u{0}/index.html"], ["0.line": "0"],
        ["0.line": "two"], ["0.text": String(repeating: "x", count: 4 * (16 + 22 + 1) + 1)], ["3.path": "/var/www/d/index.html"], ["count": "-1"],
    ])
    func hostileLineRecords(overrides: [String: String]) throws {
        var fields = ["count": "5", "0.path": "/var/www/a/index.html", "0.line": "2", "0.text": "readme.eml"]
        fields.merge(overrides) { $1 }
        if overrides["3.path"] != nil { fields["3.line"] = "1"; fields["3.text"] = "readme.eml" }
        #expect(throws: ProbeError.self) { try Self.parse(fields.sorted { $0.key < $1.key }.map { Self.record(0, $0.key, $0.value) }, Self.pages) }
    }

    @Test func keysTellQuestionsApart() {
        let keys = Set([
            Self.pages.observationKey, ProbeItem.contentGlob(pattern: "/var/www/*/index.html", regex: "readme\\.eml", maxMatches: 4, lineLimit: 16).observationKey,
            ProbeItem.processes(name: "a", executable: nil, commandLine: nil, maxMatches: 1).observationKey,
            ProbeItem.processes(name: nil, executable: "a", commandLine: nil, maxMatches: 1).observationKey,
        ])
        #expect(keys.count == 4)
        #expect(Self.pages.observationKey == #"["/var/www/*/index.html","readme\\.eml","3","16"]"#)
    }

    @Test func anObservationFromBeforeTheseItemsStillDecodes() throws {
        let old = #"{"commands":{},"contents":{},"files":{"/opt/x":{"kind":"absent"}},"globs":{},"hotfixes":{},"packages":{},"processes":{"sh":true},"services":{}}"#
        let observation = try JSONDecoder().decode(HostObservation.self, from: Data(old.utf8))
        #expect(observation.files["/opt/x"] == FileObservation(kind: .absent))
        #expect(observation.processLists.isEmpty, "the name map of a probe item since removed is ignored")
        #expect(observation.contentGlobs.isEmpty && observation.processLists.isEmpty)
        var withLists = observation
        withLists.processLists[Self.processes.observationKey] = ProcessListObservation(total: 0, processes: [])
        #expect(try JSONDecoder().decode(HostObservation.self, from: Data(withLists.canonicalJSON())) == withLists)
    }
}
