@testable import ScourSSH
import Testing

/// When a jump session's channel open counts as stalled (and the session is retired for new
/// hosts): never sooner than 2 s, and ten times the usual open on a bastion that is slow.
@Suite struct OpenStallLimitTests {
    @Test func before_any_open_the_floor_applies() {
        #expect(OpenStallLimit().limit == .seconds(2))
    }

    @Test func fast_opens_keep_the_floor() {
        var stall = OpenStallLimit()
        for _ in 0..<20 { stall.record(.milliseconds(3)) }
        #expect(stall.typicalOpen == .milliseconds(3))
        #expect(stall.limit == .seconds(2))
    }

    @Test func a_slow_bastion_gets_ten_times_its_usual_open() {
        var stall = OpenStallLimit()
        stall.record(.milliseconds(500))
        #expect(stall.limit == .seconds(5))
    }

    @Test func the_usual_open_is_a_moving_average_so_one_slow_open_moves_it_a_fifth() {
        var stall = OpenStallLimit()
        stall.record(.milliseconds(100))
        stall.record(.milliseconds(600))
        #expect(stall.typicalOpen == .milliseconds(200))
        #expect(stall.limit == .seconds(2))
        for _ in 0..<30 { stall.record(.seconds(1)) }
        #expect(stall.limit > .seconds(9) && stall.limit <= .seconds(10))
    }
}
