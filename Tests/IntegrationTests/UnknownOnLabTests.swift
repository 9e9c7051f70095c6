import Foundation
import ScourHost
import TestSupport
import Testing

/// Could not look is not absent: logged in without root and without become, a miner's files in
/// root's 0700 folders and its root-owned process are unknown, never "no match"; the plan says
/// so, names each item with "permission denied" and the become hint, and exits 4; apply leaves
/// the host alone. With `--become` the same plan is exact. And no random layout of folder
/// permissions ever makes an infected host look clean.
@Suite(.needs(.lab))
struct UnknownOnLabTests {
    private static let user = "seer"

    /// A miner in a root-only folder, its key in root's authorized_keys, its process run by root.
    private static let playbook = """
        playbook "hidden-miner" {
          platform = linux
          detect "miner" {
            match = any
            file    { path = '/opt/.kworker/kworkerds' }
            content { path = '/root/.ssh/authorized_keys'  pattern = 'AAAAC3NzaC1lZDI1NTE5AAAAIMiner[A-Za-z0-9+/]* x@kworker$' }
            process { executable = '/opt/.kworker/kworkerds' }
          }
          kill_process "miner" {
            when       = detected.miner
            executable = '/opt/.kworker/kworkerds'
          }
          remove_files "miner_files" {
            when  = detected.miner
            paths = ['/opt/.kworker/kworkerds', '/opt/.kworker/config.json']
          }
          remove_lines "attacker_key" {
            when  = detected.miner
            paths = ['/root/.ssh/authorized_keys']
            pattern = ' x@kworker$'
          }
        }

        """

    private struct Scene {
        let lab: LabFixture
        let playbook: String
        /// The lab's inventory without `ansible_become`: the login user acts as itself.
        let plainInventory: String

        func scour(_ arguments: [String]) async throws -> ScourCLI.Result {
            try await ScourCLI.run(arguments, environment: ["SCOUR_RUNS_DIR": lab.directory + "/runs"])
        }

        func plan(_ extra: [String] = []) async throws -> (result: ScourCLI.Result, json: [String: Any]) {
            let result = try await scour(["plan", playbook, "-i", plainInventory, "--known-hosts", lab.knownHosts, "--format", "json"] + extra)
            let json = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
            return (result, json)
        }
    }

    private func scene() async throws -> Scene {
        let lab = try await LabFixture(hosts: 1, scenario: "cryptominer", extraArguments: ["--login-user", Self.user, "--sudo", "nopasswd", "--infected-share", "1"])
        let playbook = lab.directory + "/hidden-miner.scour"
        try Self.playbook.write(toFile: playbook, atomically: true, encoding: .utf8)
        let plain = lab.directory + "/inventory-no-become.ini"
        let inventory = try String(contentsOfFile: lab.inventory, encoding: .utf8)
        try #require(inventory.contains("ansible_become=true\n"))
        try inventory.replacingOccurrences(of: "ansible_become=true\n", with: "").write(toFile: plain, atomically: true, encoding: .utf8)
        let host = try #require(lab.state.hosts.first)
        // Root's own folders are 0700 on every real host; the miner's is made so too.
        let locked = try await lab.ssh(host, "chmod 700 /root /root/.ssh /opt/.kworker && pgrep -x kworkerds >/dev/null")
        try #require(locked.status == 0, "the miner runs and its folder is root's: \(locked.stderr)")
        return Scene(lab: lab, playbook: playbook, plainInventory: plain)
    }

    private static func host(_ json: [String: Any]) -> [String: Any] { (json["hosts"] as? [[String: Any]])?.first ?? [:] }
    private static func detection(_ host: [String: Any]) -> [String: Any] { (host["detections"] as? [[String: Any]])?.first ?? [:] }
    private static func steps(_ host: [String: Any]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: (host["steps"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0["action"] as? String ?? "") })
    }

    @Test func a_login_that_cannot_look_is_told_so_and_the_host_is_never_clean() async throws {
        let scene = try await scene()
        let host = try #require(scene.lab.state.hosts.first)

        let (plan, json) = try await scene.plan()
        #expect(plan.status == 4, "unknown has its own exit status: \(plan.status) \(plan.stdout)\(plan.stderr)")
        let planned = Self.host(json)
        let detection = Self.detection(planned)
        #expect(detection["matched"] as? Bool == false && detection["unknown"] as? Bool == true, "\(detection)")
        let indicators = detection["indicators"] as? [[String: Any]] ?? []
        #expect(indicators.count == 3)
        for indicator in indicators {
            let unseen = indicator["unseen"] as? [[String: Any]] ?? []
            #expect(!unseen.isEmpty && unseen.allSatisfy { $0["reason"] as? String == "permission_denied" },
                    "each indicator could not be looked at, for want of permission: \(indicator)")
        }
        #expect(Self.steps(planned) == ["miner": "unknown", "miner_files": "unknown", "attacker_key": "unknown"], "\(Self.steps(planned))")
        #expect((json["summary"] as? [String: Any])?["unknown"] as? Int == 1)

        let text = try await scene.scour(["plan", scene.playbook, "-i", scene.plainInventory, "--known-hosts", scene.lab.knownHosts])
        #expect(text.status == 4)
        #expect(text.stdout.contains("permission denied: /root"), "\(text.stdout)")
        #expect(text.stdout.contains("log in as root or use --become / ansible_become"), "\(text.stdout)")
        #expect(!text.stdout.contains("nothing to change"), "\(text.stdout)")

        // apply acts on nothing of the host: every step's decision rests on what it could not see.
        let before = try scene.lab.treeDigest(of: host)
        let applied = try await scene.scour(["apply", scene.playbook, "-i", scene.plainInventory, "--known-hosts", scene.lab.knownHosts,
                                             "--no-progress", "--format", "json"])
        #expect(applied.status != 0, "an unknown host counts as a failure")
        let report = (try? JSONSerialization.jsonObject(with: Data(applied.stdout.utf8)) as? [String: Any]) ?? [:]
        let outcome = (report["hosts"] as? [[String: Any]])?.first ?? [:]
        #expect(outcome["status"] as? String == "unknown", "\(applied.stdout)\(applied.stderr)")
        #expect((outcome["error"] as? String ?? "").contains("log in as root or use --become / ansible_become"))
        #expect(try scene.lab.treeDigest(of: host) == before, "nothing on the host was touched")
        #expect(try await scene.lab.ssh(host, "pgrep -x kworkerds >/dev/null").status == 0, "the miner was not touched either")

        // The same plan with become is exact.
        let (exact, exactJSON) = try await scene.plan(["--become"])
        #expect(exact.status == 0, "\(exact.stdout)\(exact.stderr)")
        let seen = Self.host(exactJSON)
        #expect(Self.detection(seen)["matched"] as? Bool == true && Self.detection(seen)["unknown"] == nil)
        #expect(Self.steps(seen) == ["miner": "change", "miner_files": "change", "attacker_key": "change"], "\(Self.steps(seen))")
        #expect((exactJSON["summary"] as? [String: Any])?["unknown"] as? Int == 0)
    }

    /// The property: whatever the modes of the folders on the way, an infected host is matched
    /// or unknown, its steps change or are unknown, and the exit status says unknown exactly
    /// when something is — never clean, never "nothing to do".
    @Test func no_layout_of_permissions_makes_an_infected_host_look_clean() async throws {
        let scene = try await scene()
        let host = try #require(scene.lab.state.hosts.first)
        let modes = ["700", "711", "755", "750", "701"]
        let seed = UInt64.random(in: 1...UInt64.max)
        var random = SplitMix64(seed: seed)
        for round in 1...8 {
            let layout = ["/opt", "/opt/.kworker", "/root", "/root/.ssh"].map { ($0, modes[Int(random.next() % UInt64(modes.count))]) }
            let fileModes = [("/opt/.kworker/kworkerds", ["755", "700", "711"]), ("/root/.ssh/authorized_keys", ["600", "644", "640"])]
                .map { ($0.0, $0.1[Int(random.next() % UInt64($0.1.count))]) }
            let chmods = (layout + fileModes).map { "chmod \($0.1) \($0.0)" }.joined(separator: " && ")
            let set = try await scene.lab.ssh(host, chmods)
            try #require(set.status == 0, "\(chmods): \(set.stderr)")
            let (plan, json) = try await scene.plan()
            let context = "seed \(seed), round \(round): \(chmods)"
            let planned = Self.host(json)
            let detection = Self.detection(planned)
            let unknown = detection["unknown"] as? Bool == true
            #expect(detection["matched"] as? Bool == true || unknown, "never clean: \(context)\n\(plan.stdout)")
            for (name, action) in Self.steps(planned) {
                #expect(action == "change" || action == "unknown", "\(name) is \(action): \(context)")
            }
            let anyUnknown = unknown || Self.steps(planned).values.contains("unknown")
            #expect(plan.status == (anyUnknown ? 4 : 0), "exit \(plan.status) with unknown \(anyUnknown): \(context)\n\(plan.stderr)")
        }
    }
}
