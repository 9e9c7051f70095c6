import Foundation
import Testing
import TestSupport
@testable import ScourEngine

/// The journal on disk: every acknowledged append is a whole line, many hosts at once; a torn
/// tail is left out and cut off before the next append; damage in the middle is refused.
@Suite struct JournalTests {
    private func scratch() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scour-journal-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/journal.jsonl"
    }

    private func stepStarted(_ host: String, _ step: String, bootID: String? = nil) -> RunEvent {
        .stepStarted(host: host, step: step, kind: "run", bootID: bootID)
    }

    /// The step names of `stepStarted` events.
    private func startedSteps(_ history: RunHistory) -> [String] {
        history.events.compactMap { if case .stepStarted(_, let step, _, _, _, _) = $0 { step } else { nil } }
    }

    @Test func concurrent_appends_all_land_as_whole_lines() async throws {
        let path = try scratch()
        let journal = try Journal(path: path)
        await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<300 {
                group.addTask { try await journal.append(self.stepStarted("h\(index % 30)", "s\(index)")) }
            }
        }
        journal.close()
        let history = try RunHistory.read(path: path)
        #expect(history.events.count == 300)
        #expect(Set(startedSteps(history)).count == 300)
        #expect(history.tornLine == nil)
        #expect(history.validLength == (try Data(contentsOf: URL(fileURLWithPath: path))).count)
    }

    @Test func an_append_after_close_is_refused() async throws {
        let journal = try Journal(path: try scratch())
        journal.close()
        journal.close()
        await #expect(throws: RunError.self) { try await journal.append(.runStarted(pid: 1)) }
    }

    @Test func a_torn_last_line_is_left_out_and_cut_before_appending() async throws {
        let path = try scratch()
        let journal = try Journal(path: path)
        try await journal.append(.runStarted(pid: 1))
        try await journal.append(stepStarted("h1", "backdoors"))
        journal.close()
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"event":"step_finished","host":"h1","st"#.utf8))
        try handle.close()

        let history = try RunHistory.read(path: path)
        #expect(history.events.count == 2)
        #expect(history.tornLine?.contains("line 3") == true)
        #expect(history.validLength == whole.count)
        #expect(history.hosts["h1"]?.steps["backdoors"] == .inFlight(bootID: nil))

        let reopened = try Journal(path: path, keepingBytes: history.validLength)
        try await reopened.append(.runResumed(pid: 1))
        reopened.close()
        let again = try RunHistory.read(path: path)
        #expect(again.tornLine == nil)
        #expect(again.events == [.runStarted(pid: 1), stepStarted("h1", "backdoors"), .runResumed(pid: 1)])
        #expect(again.attempts == 2)
    }

    @Test func a_damaged_line_with_more_after_it_is_an_error() throws {
        let path = try scratch()
        try "{\"event\":\"run_started\",\"time\":\"2026-11-25T06:00:00.000Z\"}\nGARBAGE\n{\"event\":\"run_ended\",\"time\":\"2026-11-25T06:00:01.000Z\"}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: RunError.self) { try RunHistory.read(path: path) }
    }

    @Test func a_damaged_last_line_with_an_end_is_left_out() throws {
        let path = try scratch()
        try "{\"event\":\"run_started\",\"time\":\"2026-11-25T06:00:00.000Z\"}\n{\"event\":\"wave_st\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let history = try RunHistory.read(path: path)
        #expect(history.events.count == 1)
        #expect(history.tornLine?.contains("line 2") == true)
    }

    @Test(.needs(.root, "mounts a small file system"))
    func a_full_disk_fails_the_append_instead_of_losing_it() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scour-full-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let mount = try await runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", folder])
        #expect(mount.status == 0, "\(mount.stderr)")
        try afterTheTest { _ = try? await runProcess("/bin/umount", [folder]) }
        let journal = try Journal(path: folder + "/journal.jsonl")
        try await journal.append(.runStarted(pid: 1))
        _ = try await runProcess("/bin/dd", ["if=/dev/zero", "of=\(folder)/filler", "bs=4k", "count=64"])
        let large = RunEvent.hostFinished(host: "h1", wave: 1, status: .failed, error: String(repeating: "x", count: 8192), elapsedMilliseconds: 0)
        await #expect(throws: RunError.self) { try await journal.append(large) }
        // Room again: the next append lands on a line of its own.
        try FileManager.default.removeItem(atPath: folder + "/filler")
        try await journal.append(.runEnded(.completed))
        journal.close()
        let history = try RunHistory.read(path: folder + "/journal.jsonl")
        #expect(history.events == [.runStarted(pid: 1), .runEnded(.completed)], "what was acknowledged is still there, nothing half-written")
        #expect(history.tornLine == nil)
    }
}
