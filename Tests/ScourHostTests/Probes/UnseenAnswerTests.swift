import Foundation
import ScourCore
@testable import ScourHost
import Testing

/// What an item could not look at, read back strictly and bounded: a host cannot send an
/// unknown reason, a path past PATH_MAX, or more entries than the item's `max_matches`.
struct UnseenAnswerTests {
    static let glob = ProbeItem.glob(pattern: "/home/*/.ssh/authorized_keys", maxMatches: 2)

    static func parse(_ records: [String], _ item: ProbeItem = glob) throws -> HostObservation {
        let nonce = ProbeAnswerTests.nonce
        let answer = ProbeAnswerTests.answer(["SCOUR-PROBE 1 \(nonce)"] + records + ["SCOUR-END \(nonce) \(records.count)"])
        return try ProbeAnswer.parse(stdout: answer, items: [item], nonce: nonce)
    }

    static func record(_ field: String, _ value: String) -> String { ProbeAnswerTests.record(0, field, value) }

    @Test func the_first_max_matches_travel_with_how_many_there_were() throws {
        let observation = try Self.parse([Self.record("count", "0"), Self.record("unseen_count", "7"),
                                          Self.record("unseen.0", "permission_denied:/home/a"), Self.record("unseen.1", "permission_denied:/home/b")])
        let glob = try #require(observation.globs["/home/*/.ssh/authorized_keys"])
        #expect(glob.unseen == [Unseen(.permissionDenied, path: "/home/a"), Unseen(.permissionDenied, path: "/home/b")])
        #expect(glob.unseenTotal == 7)
        let all = try Self.parse([Self.record("count", "0"), Self.record("unseen_count", "1"), Self.record("unseen.0", "hidden_processes")])
        #expect(all.globs["/home/*/.ssh/authorized_keys"]?.unseen == [Unseen(.hiddenProcesses)])
        #expect(all.globs["/home/*/.ssh/authorized_keys"]?.unseenTotal == nil)
    }

    @Test("malformed or unbounded unseen records fail the item", arguments: [
        ["unseen_count": "3", "unseen.0": "permission_denied:/a", "unseen.1": "permission_denied:/b", "unseen.2": "permission_denied:/c"],
        ["unseen_count": "2", "unseen.0": "permission_denied:/a"],
        ["unseen_count": "0"], ["unseen_count": "-1"], ["unseen_count": "99999999999"], ["unseen.0": "permission_denied:/a"],
        ["unseen_count": "1", "unseen.0": "forbidden:/a"], ["unseen_count": "1", "unseen.0": "permission_denied:"],
        ["unseen_count": "1", "unseen.0": "permission_denied:/" + String(repeating: "a", count: 4096)],
        ["unseen_count": "1", "unseen.0": "permission_denied:/a", "0.unseen": "permission_denied:/a"],
    ])
    func malformed(records: [String: String]) throws {
        let lines = [Self.record("count", "0")] + records.sorted { $0.key < $1.key }.map { Self.record($0.key, $0.value) }
        #expect(throws: ProbeError.self, "\(records)") { try Self.parse(lines) }
    }

    @Test func a_file_is_unknown_only_with_its_reason_and_regular_without_a_hash_only_with_one() throws {
        let item = ProbeItem.file(path: "/root/.ssh/authorized_keys")
        let unknown = try Self.parse([Self.record("type", "unknown"), Self.record("unseen", "permission_denied:/root")], item)
        #expect(unknown.files["/root/.ssh/authorized_keys"] == FileObservation(kind: .unknown, unseen: Unseen(.permissionDenied, path: "/root")))
        #expect(unknown.files["/root/.ssh/authorized_keys"]?.presence == .unknown(Unseen(.permissionDenied, path: "/root")))
        let unreadable = try Self.parse([Self.record("type", "regular"), Self.record("stat", "1:600:0:0:1:root:root"),
                                         Self.record("unseen", "permission_denied:/root/.ssh/authorized_keys")], item)
        #expect(unreadable.files["/root/.ssh/authorized_keys"]?.sha256 == nil)
        #expect(unreadable.files["/root/.ssh/authorized_keys"]?.presence == .present)
        for bad in [[Self.record("type", "unknown")], [Self.record("type", "absent"), Self.record("unseen", "io_error")],
                    [Self.record("type", "directory"), Self.record("stat", "1:755:0:0:1:root:root"), Self.record("unseen", "io_error")],
                    [Self.record("type", "regular"), Self.record("stat", "1:600:0:0:1:root:root"), Self.record("unseen", "io_error"),
                     Self.record("sha256", ProbeAnswerTests.hash)]] {
            #expect(throws: ProbeError.self, "\(bad)") { try Self.parse(bad, item) }
        }
    }

    @Test func a_list_sends_at_most_64_entries_whatever_its_max_matches() throws {
        let item = ProbeItem.glob(pattern: "/home/*/.ssh/authorized_keys", maxMatches: 100)
        let entries = (0..<64).map { Self.record("unseen.\($0)", "permission_denied:/home/u\($0)") }
        let observation = try Self.parse([Self.record("count", "0"), Self.record("unseen_count", "90")] + entries, item)
        #expect(observation.globs["/home/*/.ssh/authorized_keys"]?.unseen?.count == 64)
        #expect(observation.globs["/home/*/.ssh/authorized_keys"]?.unseenTotal == 90)
        #expect(throws: ProbeError.self) {
            try Self.parse([Self.record("count", "0"), Self.record("unseen_count", "90")] + entries + [Self.record("unseen.64", "permission_denied:/x")], item)
        }
    }

    @Test func a_reason_without_a_path_is_about_the_path_itself_and_a_file_names_no_other() throws {
        let item = ProbeItem.file(path: "/etc/shadow")
        let own = try Self.parse([Self.record("type", "regular"), Self.record("stat", "1:640:0:42:1:root:shadow"), Self.record("unseen", "permission_denied")], item)
        #expect(own.files["/etc/shadow"]?.unseen == Unseen(.permissionDenied, path: "/etc/shadow"))
        #expect(throws: ProbeError.self) {
            try Self.parse([Self.record("type", "regular"), Self.record("stat", "1:640:0:42:1:root:shadow"), Self.record("unseen", "permission_denied:/etc/passwd")], item)
        }
    }

    @Test func a_process_list_carries_hidepid() throws {
        let item = ProbeItem.processes(name: "xmrig", executable: nil, commandLine: nil, maxMatches: 5)
        let observation = try Self.parse([Self.record("count", "0"), Self.record("unseen_count", "1"), Self.record("unseen.0", "hidden_processes:/proc")], item)
        #expect(observation.processList(for: item)?.unseen == [Unseen(.hiddenProcesses, path: "/proc")])
    }

    @Test func the_size_bound_has_room_for_what_went_unseen() {
        #expect(ProbeAnswer.sizeBound(of: [.file(path: "/a")]) > 4096 * 4 / 3)
        let few = ProbeAnswer.sizeBound(of: [.glob(pattern: "/a/*", maxMatches: 1)])
        #expect(ProbeAnswer.sizeBound(of: [.glob(pattern: "/a/*", maxMatches: 10)]) - few >= 9 * 2 * 4096 * 4 / 3, "a path and an unseen folder a match")
        let wide = ProbeAnswer.sizeBound(of: [.glob(pattern: "/a/*", maxMatches: 10_000)])
        #expect(wide - ProbeAnswer.sizeBound(of: [.glob(pattern: "/a/*", maxMatches: 5_000)]) < 5_000 * (4096 * 4 / 3 + 1024), "the unseen list stops at 64")
    }
}
