import Foundation
import ScourEngine

/// The outcome of an apply as one JSON document (`--format json`).
struct ApplyReport: Encodable {
    var formatVersion = 1
    var runID: String
    var playbook: String
    var ending: String
    var waves: [RolloutRunner.WaveResult]
    var hosts: [HostOutcome]

    init(runID: String, playbook: String, result: RolloutRunner.Result) {
        self.runID = runID
        self.playbook = playbook
        ending = result.ending.description
        waves = result.waves
        hosts = result.hosts
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", runID = "run_id", playbook, ending, waves, hosts
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
