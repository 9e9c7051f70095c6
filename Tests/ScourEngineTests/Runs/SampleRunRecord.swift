import Foundation
import ScourCore
import ScourSyntax
import Testing
@testable import ScourEngine

/// A run record of a linux playbook of `run` steps named `steps`, over `waves`, for the tests
/// of what is built from records (folders, reports).
func sampleRunRecord(id: String = "r", steps: [String] = ["one"], waves: [[String]], limit: String? = nil) throws -> RunRecord {
    let text = "playbook \"p\" {\n  platform = linux\n" + steps.map { "  run \"\($0)\" { command = \"true\" }\n" }.joined() + "}\n"
    let loaded = LoadedPlaybook.analyze(SourceFile(path: "p.scour", text: text), purpose: .check)
    let playbook = try #require(loaded.playbook, "\(loaded.diagnostics)")
    return RunRecord(
        runID: id, createdAt: Date(timeIntervalSince1970: 1_795_000_000), scourVersion: "0", playbook: playbook,
        playbookSource: .init(path: "/p.scour", sha256: "00"), inventory: .init(path: "/i.ini", sha256: "11"),
        limit: limit, params: [:], rollout: Rollout(), waves: waves,
        connection: .init(knownHostsFile: "/k", acceptNewHostKeys: false, identityFile: nil, user: nil, connectTimeout: .seconds(10)))
}
