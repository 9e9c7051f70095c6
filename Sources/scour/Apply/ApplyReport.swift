import Foundation
import ScourEngine

/// The outcome of an apply as one JSON document (`--format json`).
struct ApplyReport: Encodable {
    var formatVersion = 1
    var runID: String
    /// Where the run's record and journal are (`status`, `resume`, `report` take the id): its
    /// folder, or for a run kept in a database the store's URL without password.
    var runFolder: String?
    var store: String?
    var playbook: String
    var ending: RunEnding
    var waves: [RolloutRunner.WaveResult]
    var hosts: [HostOutcome]

    init(runID: String, kept: any StoredRun, playbook: String, result: RolloutRunner.Result) {
        self.runID = runID
        if let folder = kept as? RunFolder {
            runFolder = URL(fileURLWithPath: folder.path).standardizedFileURL.path
        } else {
            store = kept.location
        }
        self.playbook = playbook
        ending = result.ending
        waves = result.waves
        hosts = result.hosts
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", runID = "run_id", runFolder = "run_folder", store, playbook, ending, waves, hosts
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
