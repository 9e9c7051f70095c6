import ScourCore
import Testing

@testable import ScourEngine

@Suite struct WaveScheduleTests {
    static let fifty = (1...50).map { String(format: "h%02d", $0) }

    @Test func reference_waves_on_fifty_hosts_are_cumulative() {
        let schedule = WaveSchedule(
            hostNames: Self.fifty, cumulativeShares: [.count(1), .percent(10), .percent(50), .percent(100)])
        #expect(schedule.waves.map(\.count) == [1, 4, 20, 25])
        #expect(Set(schedule.waves.flatMap { $0 }) == Set(Self.fifty))
        #expect(schedule.waves.flatMap { $0 }.count == 50)
    }

    @Test func order_does_not_depend_on_inventory_order() {
        let forward = WaveSchedule(hostNames: Self.fifty, cumulativeShares: [.count(1), .percent(100)])
        let backward = WaveSchedule(hostNames: Self.fifty.reversed(), cumulativeShares: [.count(1), .percent(100)])
        #expect(forward == backward)
        // The canary is chosen by hash, not by being first in the file.
        #expect(forward.waves[0] != ["h01"])
    }

    @Test func waves_that_add_no_host_are_dropped() {
        let schedule = WaveSchedule(
            hostNames: ["a", "b", "c"], cumulativeShares: [.count(1), .percent(1), .percent(100)])
        #expect(schedule.waves.map(\.count) == [1, 2])
    }

    @Test func hosts_beyond_the_last_share_form_a_final_wave() {
        let schedule = WaveSchedule(hostNames: ["a", "b", "c", "d"], cumulativeShares: [.count(1), .percent(50)])
        #expect(schedule.waves.map(\.count) == [1, 1, 2])
    }

    @Test func wave_of_host() {
        let schedule = WaveSchedule(hostNames: Self.fifty, cumulativeShares: [.count(1), .percent(100)])
        let canary = schedule.waves[0][0]
        #expect(schedule.wave(of: canary) == 0)
        #expect(schedule.wave(of: Self.fifty.first { $0 != canary }!) == 1)
        #expect(schedule.wave(of: "nope") == nil)
    }

    @Test func no_hosts_no_waves() {
        #expect(WaveSchedule(hostNames: [], cumulativeShares: [.percent(100)]).waves.isEmpty)
    }
}
