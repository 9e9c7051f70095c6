import Foundation
import ScourCore
import Testing
@testable import ScourEngine

/// A run's inputs are read and worked out once: what was analysed is what the run folder holds
/// and what its record hashes, whatever the files on disk say by then.
@Suite struct RunInputsTests {
    private let root: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scour-inputs-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    private var playbookPath: String { root + "/p.scour" }
    private var inventoryPath: String { root + "/i.ini" }

    private static let playbookText = """
        playbook "p" {
          platform = linux
          remove_files "nimda" {
            paths = ["${host.web_root}/admin.dll"]
          }
        }

        """

    private func write(playbook: String = playbookText, inventory: String) throws {
        try playbook.write(toFile: playbookPath, atomically: true, encoding: .utf8)
        try inventory.write(toFile: inventoryPath, atomically: true, encoding: .utf8)
    }

    private func load() throws -> RunInputs {
        try RunInputs.load(playbookPath: playbookPath, paramOverrides: [], adjust: { $0 }, inventoryPath: inventoryPath, limit: nil)
    }

    private func record(_ inputs: RunInputs) -> RunRecord {
        RunRecord(
            runID: Run.makeID(), scourVersion: "0", playbook: inputs.playbook, playbookSource: inputs.playbookSource,
            inventory: inputs.inventorySource, limit: nil, params: inputs.params, rollout: inputs.rollout, waves: [["a"]],
            connection: .init(knownHostsFile: "/k", acceptNewHostKeys: false, identityFile: nil, user: nil, connectTimeout: .seconds(1)))
    }

    private func contents(_ path: String) throws -> Data { try #require(FileManager.default.contents(atPath: path)) }

    @Test func the_run_folder_holds_and_hashes_the_bytes_analysed_not_the_files_as_they_are_now() throws {
        let inventory = "a web_root=/srv/a\n"
        try write(inventory: inventory)
        let inputs = try load()
        // Both files change after they were analysed, before the run folder is written.
        try write(playbook: Self.playbookText.replacingOccurrences(of: "admin.dll", with: "other.dll"), inventory: "b web_root=/srv/b\n")

        let run = try Run.create(root: root + "/runs", record: record(inputs), inputs: inputs)

        let playbookCopy = try contents(run.folder.path + "/playbook.scour"), inventoryCopy = try contents(run.folder.path + "/inventory.ini")
        #expect(playbookCopy == Data(Self.playbookText.utf8) && playbookCopy == inputs.playbookFile.bytes)
        #expect(inventoryCopy == Data(inventory.utf8) && inventoryCopy == inputs.inventoryFile.bytes)
        #expect(inputs.analysis.source.text == Self.playbookText, "the bytes copied are the bytes analysed")
        #expect(inputs.hosts.map(\.name) == ["a"], "the bytes copied are the bytes loaded")
        let recorded = try Run.open(root: root + "/runs", runID: run.runID).record
        #expect(recorded.playbook.sha256 == SHA256.hex(of: playbookCopy))
        #expect(recorded.inventory.sha256 == SHA256.hex(of: inventoryCopy))
        #expect(recorded.playbook.sha256 != SHA256.hex(ofFileAt: playbookPath), "the file now on disk is not what was analysed")
        #expect(recorded.inventory.path == URL(fileURLWithPath: inventoryPath).standardizedFileURL.path)
    }

    @Test func recorded_inputs_are_the_bytes_checked_against_the_record() throws {
        try write(inventory: "a web_root=/srv/a\n")
        let first = try load()
        let again = try RunInputs.recorded(playbook: first.playbookSource, inventory: first.inventorySource, params: [:],
                                           rollout: PlanDocument.RolloutRecord(first.rollout), hostNames: ["a"], since: "the test")
        #expect(again.playbookFile == first.playbookFile && again.inventoryFile == first.inventoryFile)

        try write(inventory: "a web_root=/srv/elsewhere\n")
        let refusal = #expect(throws: RunInputError.self) {
            try RunInputs.recorded(playbook: first.playbookSource, inventory: first.inventorySource, params: [:],
                                   rollout: PlanDocument.RolloutRecord(first.rollout), hostNames: ["a"], since: "the test")
        }
        #expect(refusal?.description.contains("the inventory \(first.inventorySource.path) changed since the test") == true, "\(String(describing: refusal))")
    }

    @Test func each_host_gets_its_variables_and_its_playbook_from_the_inputs() throws {
        try write(inventory: "a web_root=/srv/a\nb ansible_host=10.0.0.2 web_root=/srv/b\n")
        let inputs = try load()
        let decider = inputs.stepDecider(for: "b")
        #expect(decider.hostVariables == ["name": "b", "address": "10.0.0.2", "ansible_host": "10.0.0.2", "web_root": "/srv/b"])
        #expect((decider.playbook.steps[0].action as? RemoveFiles)?.paths == ["/srv/b/admin.dll"])
        #expect((inputs.stepDecider(for: "a").playbook.steps[0].action as? RemoveFiles)?.paths == ["/srv/a/admin.dll"])
    }

    /// The inventory's passwords reach SSH and sudo, never a playbook: no `host.NAME` holds one
    /// (issue 24, X), and a playbook reading one is refused before any host is contacted.
    @Test func passwords_are_not_host_variables() throws {
        try write(inventory: "a web_root=/srv/a ansible_password=pw1 ansible_ssh_pass=pw2 ansible_become_password=pw3 ansible_become_pass=pw4\n")
        let inputs = try load()
        #expect(inputs.hosts[0].become.password != nil && inputs.hosts[0].password != nil, "still read, for SSH and sudo")
        #expect(inputs.stepDecider(for: "a").hostVariables == ["name": "a", "address": "a", "web_root": "/srv/a"])

        try write(playbook: Self.playbookText.replacingOccurrences(of: "host.web_root", with: "host.ansible_become_password"),
                  inventory: "a ansible_become_password=pw3\n")
        let refusal = #expect(throws: RunInputError.self) { try load() }
        guard case .invalidPlaybook(let refused) = refusal else { Issue.record("\(String(describing: refusal))"); return }
        #expect(refused.diagnostics.map(\.message) == ["host.ansible_become_password is a password: a playbook cannot read it"])
    }

    @Test func a_folder_is_refused_as_a_run_inventory_before_any_host_is_contacted() throws {
        try write(inventory: "a web_root=/srv/a\n")
        try FileManager.default.createDirectory(atPath: root + "/inventory", withIntermediateDirectories: true)
        try "a web_root=/srv/a\n".write(toFile: root + "/inventory/hosts.ini", atomically: true, encoding: .utf8)
        let refusal = #expect(throws: RunInputError.self) {
            try RunInputs.load(playbookPath: playbookPath, paramOverrides: [], adjust: { $0 }, inventoryPath: root + "/inventory", limit: nil)
        }
        #expect(refusal?.description.contains("not a folder") == true, "\(String(describing: refusal))")
    }
}
