import Foundation
@testable import ScourEngine
import ScourHost
import Testing

/// What `apply plan.json` calls drift: any probed item that changed, said item by item; a new
/// boot alone is not drift.
@Suite struct ObservationDriftTests {
    private func observation(bootID: String = "b1", size: UInt64 = 58, running: Bool = true) -> HostObservation {
        var observation = HostObservation()
        observation.facts = HostFacts(hostname: "h01", bootID: bootID, os: "Debian", kernel: "Linux 6")
        observation.files["/opt/explorer.exe"] = FileObservation(
            kind: .regular, stat: FileStat(size: size, mode: "644", uid: 0, gid: 0, mtime: 1, owner: "root", group: "root"), sha256: "aa")
        let worm = ProbeItem.processes(name: "worm", executable: nil, commandLine: nil, maxMatches: 10)
        let process = ProcessObservation(pid: 42, start: "7", uid: 0, user: "root", name: "worm", executable: "/opt/worm", executableDeleted: false,
                                         executableSize: nil, executableSHA256: nil, commandLine: "worm", commandLineIsCut: false)
        observation.processLists[worm.observationKey] = ProcessListObservation(total: running ? 1 : 0, processes: running ? [process] : [])
        return observation
    }

    @Test func unchanged_or_only_rebooted_is_not_drift() {
        #expect(observation().drift(from: observation()).isEmpty)
        #expect(observation(bootID: "b2").drift(from: observation()).isEmpty)
    }

    @Test func each_changed_item_is_named() {
        let drift = observation(size: 60, running: false).drift(from: observation())
        #expect(drift.count == 2)
        #expect(drift[0].hasPrefix("file /opt/explorer.exe: regular 58 bytes"))
        #expect(drift[0].contains("→ regular 60 bytes"))
        #expect(drift[1] == #"processes ["worm",null,null,"10"]: 1 (42 /opt/worm) → 0 ()"#, "\(drift[1])")
    }
}
