import Foundation
import Testing
import TestSupport

/// `scour lab up` raises the kernel's neighbour table limits to fit its hosts (issue 26), so a
/// rehearsal at scale is not cut short by "neighbor table overflow". Shown with a small lab and
/// the soft limit lowered under it: labs of other tests running meanwhile raise it by the same
/// rule, so what is asserted is the rule's outcome, not who wrote it.
@Suite(.needs(.lab))
struct LabNeighbourTableTests {
    static let softLimit = "/proc/sys/net/ipv4/neigh/default/gc_thresh2"

    private func softLimitNow() throws -> Int {
        try #require(Int(try String(contentsOfFile: Self.softLimit, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func up_raises_the_soft_limit_to_hold_its_hosts_and_the_margin() async throws {
        let original = try softLimitNow()
        // Put back unless another lab raised it further meanwhile.
        defer { if (try? softLimitNow()).map({ $0 <= 262 }) == true { try? String(original).write(toFile: Self.softLimit, atomically: false, encoding: .utf8) } }
        // Each host counts twice (the machine's entry for it, its own for the machine), plus a
        // margin of 256: 3 hosts want 262.
        try "200".write(toFile: Self.softLimit, atomically: false, encoding: .utf8)
        let lab = try await LabFixture(hosts: 3, scenario: "clean")
        #expect(try softLimitNow() >= 262, "gc_thresh2 raised for the lab")
        #expect(try await lab.down().status == 0)
        #expect(try softLimitNow() >= 262, "the machine's limits stay raised after down")
    }
}
