@testable import ScourLab
import Testing

/// The kernel's neighbour table limits a lab asks for (issue 26): untouched for a small lab,
/// raised for a large one, never lowered.
@Suite struct NeighbourTableTests {
    static let linuxDefaults = NeighbourTable(thresholds: [128, 512, 1024])

    @Test func a_small_lab_leaves_the_defaults_as_they_are() {
        #expect(Self.linuxDefaults.fitting(2 * 40) == Self.linuxDefaults)
    }

    @Test func a_thousand_hosts_get_room_past_the_defaults() {
        let fitted = Self.linuxDefaults.fitting(2 * 1000)
        #expect(fitted.thresholds == [128, 2000 + NeighbourTable.margin, 2 * (2000 + NeighbourTable.margin)])
        #expect(fitted.thresholds == fitted.thresholds.sorted(), "each limit within the next")
    }

    @Test func limits_already_higher_are_kept() {
        let generous = NeighbourTable(thresholds: [4096, 8192, 16384])
        #expect(generous.fitting(2 * LabLayout.maximumHosts) == generous)
    }
}
