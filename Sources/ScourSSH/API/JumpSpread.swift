import Foundation

/// How the hosts behind one bastion spread over sessions to it: a new host joins the least
/// used session that carries fewer than `hostsPerSession` hosts, else it opens another.
public enum JumpSpread {
    /// 8: measured with 50 hosts behind a lab bastion on 2 cores (docs/benchmarks.md).
    public static let hostsPerSession = 8

    /// The index of the session a new host joins, given how many hosts each open session
    /// carries; nil: open another session.
    static func session(forNewHostAmong users: [Int], hostsPerSession: Int) -> Int? {
        guard let least = users.indices.min(by: { users[$0] < users[$1] }), users[least] < max(1, hostsPerSession) else { return nil }
        return least
    }
}
