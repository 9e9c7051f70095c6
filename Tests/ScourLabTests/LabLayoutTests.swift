import Foundation
import ScourCore
@testable import ScourLab
import Testing

@Suite struct LabLayoutTests {
    let layout = LabLayout(directory: URL(fileURLWithPath: "/var/lib/scour-lab"), network: 3)

    @Test func addresses_are_unique_and_inside_the_labs_own_slash_16() {
        let addresses = (1...LabLayout.maximumHosts).map(layout.address(ofHost:))
        #expect(Set(addresses).count == addresses.count)
        #expect(addresses.allSatisfy { $0.hasPrefix("10.80.") && $0 != layout.bridgeAddress })
        #expect(layout.address(ofHost: 1) == "10.80.1.1")
        #expect(layout.address(ofHost: 251) == "10.80.2.1")
        #expect(addresses.allSatisfy { $0.split(separator: ".").allSatisfy { Int($0)! <= 254 } })
    }

    @Test func names_sort_in_host_order() {
        #expect(layout.hostName(7, of: 12) == "h07")
        #expect(layout.hostName(7, of: 200) == "h007")
        let names = (1...120).map { layout.hostName($0, of: 120) }
        #expect(names == names.sorted())
    }

    @Test func interface_names_fit_the_kernels_fifteen_characters() {
        let worst = LabLayout(network: 99)
        #expect(worst.rootVeth(ofHost: LabLayout.maximumHosts).count <= 15)
        #expect(worst.bridge.count <= 15)
    }

    @Test func a_folder_inside_a_host_private_path_is_refused() {
        #expect(throws: LabError.self) { try LabLayout(directory: URL(fileURLWithPath: "/tmp/lab")).validate() }
        #expect(throws: LabError.self) { try LabLayout(directory: URL(fileURLWithPath: "/root")).validate() }
        #expect(throws: LabError.self) { try LabLayout(network: 100).validate() }
        #expect(throws: Never.self) { try LabLayout(directory: URL(fileURLWithPath: "/var/lib/scour-lab-x")).validate() }
    }

    @Test(arguments: [(8, "50%", [2, 4, 6, 8]), (10, "30%", [4, 7, 10]), (5, "0%", []), (3, "100%", [1, 2, 3]), (4, "1", [4])])
    func infection_is_spread_evenly(count: Int, share: String, expected: [Int]) throws {
        let parsed = try #require(Share(parsing: share))
        #expect(InfectionSpread.infectedIndices(count: count, share: parsed) == expected)
    }
}
