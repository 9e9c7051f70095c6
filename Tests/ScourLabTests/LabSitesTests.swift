import Foundation
@testable import ScourLab
import Testing

/// `scour lab up --sites`: how hosts are dealt to sites, and what is refused before anything is made.
@Suite struct LabSitesTests {
    private func sites(of hostCount: Int, in sites: Int) -> [[Int]] {
        (1...sites).map { site in
            (1...hostCount).filter { LabSites.site(ofHost: $0, hostCount: hostCount, sites: sites) == site }
        }
    }

    @Test func hosts_are_dealt_in_order_in_shares_differing_by_at_most_one_the_first_sites_the_larger() {
        #expect(sites(of: 6, in: 2) == [[1, 2, 3], [4, 5, 6]])
        #expect(sites(of: 5, in: 2) == [[1, 2, 3], [4, 5]])
        #expect(sites(of: 4, in: 4) == [[1], [2], [3], [4]])
        #expect(sites(of: 10, in: 3) == [[1, 2, 3, 4], [5, 6, 7], [8, 9, 10]])
        for hostCount in [1, 2, 3, 5, 7, 64, 99, 257, LabLayout.maximumHosts] {
            for count in LabSites.allowedCounts where count <= hostCount {
                let shares = sites(of: hostCount, in: count).map(\.count)
                #expect(shares.reduce(0, +) == hostCount && shares.max()! - shares.min()! <= 1 && shares == shares.sorted(by: >),
                        "\(hostCount) hosts in \(count) sites: \(shares)")
            }
        }
    }

    @Test func the_counts_a_lab_of_sites_refuses() throws {
        func refusal(_ access: LabAccess, hosts: Int = 6) -> String? {
            do { try access.validate(hostCount: hosts); return nil } catch { return "\(error)" }
        }
        #expect(refusal(LabAccess()) == nil, "no sites: the plain lab")
        #expect(refusal(LabAccess(sites: 2)) == nil)
        #expect(refusal(LabAccess(sites: 4), hosts: 4) == nil)
        #expect(refusal(LabAccess(sites: 1))?.contains("--sites 1 is the plain lab") == true)
        #expect(refusal(LabAccess(sites: 5))?.contains("2 to 4") == true)
        #expect(refusal(LabAccess(sites: -1))?.contains("2 to 4") == true)
        #expect(refusal(LabAccess(sites: 3), hosts: 2)?.contains("at least 3 hosts") == true)
        let both = refusal(LabAccess(bastions: 1, sites: 2))
        #expect(both?.contains("--sites and --bastions do not go together") == true, "\(both ?? "accepted")")
    }

    @Test func a_site_is_named_by_its_number_and_a_lab_records_its_sites_count() throws {
        let layout = LabLayout(directory: URL(fileURLWithPath: "/var/lib/scour-lab-x"), network: 61)
        let sites = (1...2).map { LabState.Site(name: layout.siteName($0), namespace: layout.namespace(ofHost: layout.siteName($0)), address: "10.138.0.1/16") }
        var state = LabState(network: 61, bridge: layout.bridge, scenario: .clean, infectedShare: "50%", bootDelaySeconds: 1, hosts: [])
        #expect(throws: LabError.self) { try state.site(number: 1) }
        state.sites = sites
        #expect(try state.site(number: 2).namespace == "scour61-site2")
        #expect(throws: LabError.self) { try state.site(number: 3) }
        #expect(throws: LabError.self) { try state.site(number: 0) }
        #expect(LabAccess(state) == LabAccess(sites: 2), "a second `up --sites 2` finds the same lab")
        #expect(LabAccess(state).summary == ", 2 sites")
    }
}
