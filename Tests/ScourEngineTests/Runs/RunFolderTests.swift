import Foundation
import ScourCore
import Testing
@testable import ScourEngine

/// The run folder on disk: written before anything runs, found again by id, and held by one
/// scour at a time.
@Suite struct RunFolderTests {
    private func record(_ id: String) throws -> RunRecord {
        try sampleRunRecord(id: id, waves: [["a"], ["b"]], limit: "web")
    }

    private func scratch() throws -> (root: String, playbook: InputFile, inventory: InputFile) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scour-runs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try "playbook".write(toFile: root + "/p.scour", atomically: true, encoding: .utf8)
        try "[web]\na\nb\n".write(toFile: root + "/hosts.ini", atomically: true, encoding: .utf8)
        return (root + "/runs", try InputFile.read(root + "/p.scour"), try InputFile.read(root + "/hosts.ini"))
    }

    @Test func a_run_is_written_then_found_by_id() throws {
        let (root, playbook, inventory) = try scratch()
        let first = try RunFolder.create(root: root, record: try record("20261125-000000-0001"), playbook: playbook, inventory: inventory)
        _ = try RunFolder.create(root: root, record: try record("20261125-000001-0002"), playbook: playbook, inventory: inventory)
        #expect(RunFolder.list(root: root) == ["20261125-000000-0001", "20261125-000001-0002"])
        #expect(try RunFolder.open(root: root, runID: "20261125-000000-0001").record() == (try record("20261125-000000-0001")))
        #expect(FileManager.default.contents(atPath: first.path + "/inventory.ini") == Data("[web]\na\nb\n".utf8))
        #expect(FileManager.default.fileExists(atPath: first.path + "/playbook.scour"))
        let mode = try FileManager.default.attributesOfItem(atPath: first.path)[.posixPermissions] as? Int
        #expect(mode == 0o700, "the inventory copy may hold secrets: owner only")
        let inventoryMode = try FileManager.default.attributesOfItem(atPath: first.path + "/inventory.ini")[.posixPermissions] as? Int
        #expect(inventoryMode == 0o600, "the inventory copy itself is owner only too, like plan.json")
        #expect(throws: RunError.self) { try RunFolder.open(root: root, runID: "nope") }
        #expect(throws: RunError.self, "an id is never reused") {
            try RunFolder.create(root: root, record: try record("20261125-000000-0001"), playbook: playbook, inventory: inventory)
        }
    }

    @Test func one_scour_at_a_time_holds_a_run() throws {
        let (root, playbook, inventory) = try scratch()
        let folder = try RunFolder.create(root: root, record: try record("r"), playbook: playbook, inventory: inventory)
        #expect(folder.activeProcess() == nil)
        let lock = try folder.lock()
        #expect(folder.activeProcess() == getpid())
        #expect(throws: RunError.self) { try folder.lock() }
        lock.release()
        #expect(folder.activeProcess() == nil)
        try folder.lock().release()
    }

    /// A child forked while the run was held keeps a copy of the lock's descriptor until it
    /// execs (here: for as long as it runs); the release must still let the run go at once.
    @Test func a_released_run_is_free_though_a_child_still_holds_the_descriptor() throws {
        let (root, playbook, inventory) = try scratch()
        let folder = try RunFolder.create(root: root, record: try record("r"), playbook: playbook, inventory: inventory)
        let lock = try folder.lock()
        let lockFile = folder.path + "/lock"
        let descriptor = try #require(try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").compactMap(Int32.init).first {
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)")) == lockFile
        })
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, descriptor, 3)
        var child: pid_t = 0
        let arguments: [UnsafeMutablePointer<CChar>?] = (["/bin/sleep", "30"] as [String]).map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        #expect(posix_spawn(&child, "/bin/sleep", &actions, nil, arguments, environ) == 0)
        defer { kill(child, SIGKILL); var status: Int32 = 0; waitpid(child, &status, 0) }
        lock.release()
        #expect(folder.activeProcess() == nil)
        try folder.lock().release()
    }
}
