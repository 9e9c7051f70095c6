import Foundation

/// Sites (`scour lab up N --sites S`): the lab split into S parts, each a network namespace of
/// the lab's own holding a bridge for its share of the hosts, which only a process run there
/// (`scour lab exec --site K`) reaches — as a company's sites are reached only from inside, by
/// one controller of a shared run each (docs/lab.md, "Sites").
public enum LabSites {
    public static let allowedCounts = 2...4

    /// Hosts are dealt in order, in shares that differ by at most one, the earlier sites taking
    /// the larger: host i (1-based) of n is in site 1 + (i-1)·S/n — 6 hosts in 2 sites are
    /// h01–h03 and h04–h06; 5 in 2 are h01–h03 and h04–h05.
    public static func site(ofHost index: Int, hostCount: Int, sites: Int) -> Int {
        1 + (index - 1) * sites / hostCount
    }

    /// Refuses what cannot make a lab of sites (0: the lab has none).
    static func validate(sites: Int, hostCount: Int, bastions: Int) throws {
        guard sites != 0 else { return }
        if sites == 1 {
            throw LabError.invalid("--sites 1 is the plain lab, whose hosts the machine itself reaches: leave --sites out, or split the lab into 2 to 4 sites")
        }
        guard allowedCounts.contains(sites) else {
            throw LabError.invalid("--sites is 2 to 4, not \(sites)")
        }
        guard bastions == 0 else {
            throw LabError.invalid("--sites and --bastions do not go together: a site's hosts are reached from inside the site (scour lab exec --site K), not through a bastion")
        }
        guard hostCount >= sites else {
            throw LabError.invalid("\(sites) sites need at least \(sites) hosts (one each), not \(hostCount)")
        }
    }
}
