import Foundation
import Testing
import TestSupport

/// `apply plan.json` as another identity than the plan's is refused before any host is
/// contacted, naming the host and both identities.
@Suite struct SavedPlanIdentityTests {
    @Test func applying_a_plan_with_become_that_was_made_without_is_refused() async throws {
        // Nothing listens on web1's port: the plan records the host as unreachable, and who looked.
        let folder = try unreachableHostFolder("identity", hostVariables: "ansible_user=alice")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let plan = try await ScourCLI.run(["plan", folder + "/p.scour", "-i", folder + "/hosts.ini", "-o", folder + "/plan.json"])
        #expect(plan.status == 1, "\(plan.stderr)")
        let saved = try String(contentsOfFile: folder + "/plan.json", encoding: .utf8)
        #expect(saved.contains(#""login" : "alice""#), "\(saved)")

        let applied = try await ScourCLI.run(["apply", folder + "/plan.json", "--become", "--runs-dir", folder + "/runs"])
        #expect(applied.status == 65, "\(applied.stderr)")
        #expect(applied.stderr.contains("web1: planned as alice without become, applying as alice with become to root"), "\(applied.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/runs"), "refused before a run was recorded")
    }
}
