@testable import ScourSSH
import Testing

/// Which session to a bastion a new host rides on.
@Suite struct JumpSpreadTests {
    @Test func the_first_host_opens_a_session() {
        #expect(JumpSpread.session(forNewHostAmong: [], hostsPerSession: 8) == nil)
    }

    @Test func a_host_joins_the_least_used_session_with_room() {
        #expect(JumpSpread.session(forNewHostAmong: [8, 3, 5], hostsPerSession: 8) == 1)
        #expect(JumpSpread.session(forNewHostAmong: [7], hostsPerSession: 8) == 0)
    }

    @Test func when_every_session_is_full_another_opens() {
        #expect(JumpSpread.session(forNewHostAmong: [8, 8], hostsPerSession: 8) == nil)
        #expect(JumpSpread.session(forNewHostAmong: [9], hostsPerSession: 8) == nil)
    }

    @Test func fifty_hosts_arriving_at_once_ride_seven_sessions_of_at_most_eight() {
        var sessions: [Int] = []
        for _ in 0..<50 {
            if let index = JumpSpread.session(forNewHostAmong: sessions, hostsPerSession: 8) { sessions[index] += 1 } else { sessions.append(1) }
        }
        #expect(sessions == [8, 8, 8, 8, 8, 8, 2])
    }

    @Test func one_host_per_session_at_the_least() {
        #expect(JumpSpread.session(forNewHostAmong: [1], hostsPerSession: 0) == nil)
        #expect(JumpSpread.session(forNewHostAmong: [0], hostsPerSession: 0) == 0)
    }
}
