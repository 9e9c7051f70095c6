import Foundation
import Testing
@testable import ScourEngine

/// Plans and reports are written for their owner only, replacing what was there atomically.
@Suite struct PrivateFileTests {
    @Test func a_written_file_is_owner_only_and_replaces_the_old_one() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scour-private-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/plan.json"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o644)
        try PrivateFile.write(Data("new".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["plan.json"], "no temporary file is left")
        #expect(throws: RunError.self) { try PrivateFile.write(Data(), to: folder + "/missing/plan.json") }
    }
}
