import Foundation
import ScourCore
import ScourEngine
import ScourLab
import Synchronization

/// A lab brought up with the real `scour lab up` for one test and taken down with `scour lab
/// down` after it (`FixtureTeardown`). Each fixture has its own folder and
/// network number, so tests may run in parallel. Every call that runs a program awaits it on a
/// thread of its own, never on Swift's pool.
public final class LabFixture: Sendable {
    public let directory: String
    public let network: Int
    public let state: LabState

    /// Starts at a random network of 40–99, so test processes running side by side (several
    /// `swift test`s on one machine) rarely try the same ones first.
    private static let nextNetwork = Mutex(Int.random(in: 40...99))

    /// Brings up a lab of `hosts`; only in a test that carries `.needs(.lab)`.
    public init(hosts: Int, scenario: String = "codered-ii", extraArguments: [String] = []) async throws {
        let teardown = try FixtureTeardown.ofTheRunningTest(starting: "a lab")
        // Another test process (a second `swift test`) may hold a network: take the next free one.
        var attempt: (network: Int, directory: String, result: ScourCLI.Result)
        repeat {
            let network = Self.nextNetwork.withLock { value in defer { value = value >= 99 ? 40 : value + 1 }; return value }
            let directory = "/var/lib/scour-lab-test-\(network)-\(UUID().uuidString.prefix(6))"
            let result = try await ScourCLI.run(
                ["lab", "up", String(hosts), "--scenario", scenario, "--dir", directory, "--net", String(network)] + extraArguments)
            attempt = (network, directory, result)
        } while attempt.result.status != 0 && attempt.result.stderr.contains("is used by another lab")
        guard attempt.result.status == 0 else {
            throw LabFixtureError(message: "scour lab up failed (\(attempt.result.status)): \(attempt.result.stderr)\(attempt.result.stdout)")
        }
        network = attempt.network
        directory = attempt.directory
        state = try LabState.load(from: LabLayout(directory: URL(fileURLWithPath: directory), network: network))
        teardown.add { [self] in _ = try? await down() }
    }

    public var inventory: String { "\(directory)/inventory.ini" }
    public var knownHosts: String { "\(directory)/known_hosts" }
    public var clientKey: String { "\(directory)/id_ed25519" }

    /// `scour exec` on this lab; `arguments` go before `--`.
    public func exec(_ command: String, _ arguments: [String] = []) async throws -> ScourCLI.Result {
        try await ScourCLI.run(["exec", "-i", inventory, "--known-hosts", knownHosts] + arguments + ["--", command])
    }

    /// `scour lab …` on this lab.
    public func lab(_ arguments: [String]) async throws -> ScourCLI.Result {
        try await ScourCLI.run(["lab"] + arguments + ["--dir", directory])
    }

    /// Plain OpenSSH, independent of Scour, to check what Scour did.
    public func ssh(_ host: LabState.Host, _ command: String, stdin: Data? = nil) async throws -> ScourCLI.Result {
        try await runProcess("/usr/bin/ssh", sshArguments(host) + [command], stdin: stdin)
    }

    /// `ssh`'s arguments up to the remote command, for tests that pipe its output.
    public func sshArguments(_ host: LabState.Host) -> [String] {
        [
            "-i", clientKey, "-o", "UserKnownHostsFile=\(knownHosts)", "-o", "StrictHostKeyChecking=yes",
            "-o", "BatchMode=yes", "-o", "ConnectTimeout=30", "root@\(host.address)",
        ]
    }

    /// The user a fleet's operator logs in as: the lab's login user (`--login-user`), else root.
    public var user: String { state.loginUser?.name ?? "root" }
    /// `-J` through the lab's bastions (`--bastions`), outermost first; none without.
    public var jumpArguments: [String] { state.jumpChain.map { ["-J", $0] } ?? [] }
    /// The lab's ssh_config: its key and known_hosts for every hop, jumps included.
    public var sshConfig: String { "\(directory)/ssh_config" }

    /// Plain OpenSSH the way a fleet is reached: the lab's ssh_config, as `user` (default: the
    /// lab's), through `jumps` (default: the lab's `jumpArguments`; `[]` for a direct connection).
    public func fleetSSH(_ host: LabState.Host, _ command: String, user: String? = nil, jumps: [String]? = nil,
                         options: [String] = [], stdin: Data? = nil) async throws -> ScourCLI.Result {
        try await runProcess("/usr/bin/ssh", ["-F", sshConfig] + options + (jumps ?? jumpArguments)
                       + ["\(user ?? self.user)@\(host.address)", command], stdin: stdin)
    }

    /// `scour lab exec --site K -- COMMAND…` on this lab (`up --sites`): `command` run as given in
    /// site K's network namespace, where only that site's hosts answer — a controller's place.
    public func inSite(_ number: Int, _ command: [String], stdin: Data? = nil) async throws -> ScourCLI.Result {
        try await runProcess(ScourCLI.executable.path, ["lab", "exec", "--dir", directory, "--site", String(number), "--"] + command,
                             stdin: stdin, environment: ["SCOUR_RUNS_DIR": ScourCLI.runsDirectory])
    }

    /// `scour lab tamper HOST MODE …`: makes a host lie (docs/lab.md, "A hostile lab").
    public func tamper(_ host: LabState.Host, _ mode: String, _ arguments: [String] = []) async throws -> ScourCLI.Result {
        try await lab(["tamper", host.name, mode] + arguments)
    }

    public func down() async throws -> ScourCLI.Result { try await lab(["down"]) }

    /// This lab's network namespaces, each by name and inode. After `down` none may be left:
    /// compare identities, not names — a lab of another test may have taken the freed network
    /// number meanwhile, with namespaces of the same names.
    public func namespaceIdentities() async throws -> Set<String> {
        let list = try await runProcess("/usr/sbin/ip", ["netns", "list"]).stdout
        let names = list.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0.hasPrefix("scour\(network)-") }
        return Set(names.compactMap { name in
            (try? FileManager.default.attributesOfItem(atPath: "/run/netns/\(name)"))?[.systemFileNumber].map { "\(name):\($0)" }
        })
    }

    /// The lab bridge's interface index, nil when there is none. After `down` it must differ —
    /// for the same reason as `namespaceIdentities`: a bridge of the same name may be another's.
    public func bridgeIdentity() -> Int? {
        (try? String(contentsOfFile: "/sys/class/net/\(state.bridge)/ifindex", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// How many times each host has booted, as `scour lab status` counts them.
    public func boots() async throws -> [String: Int] {
        let status = try await lab(["status", "--format", "json"])
        let hosts = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: hosts.map { ($0["name"] as! String, $0["boots"] as! Int) })
    }

    /// A digest of a host's whole private file tree — names, types, modes, sizes, mtimes and
    /// contents — read from this machine, independently of Scour and of SSH.
    public func treeDigest(of host: LabState.Host) throws -> String {
        let root = "\(directory)/hosts/\(host.name)/root"
        var hasher = SHA256()
        let files = FileManager.default
        guard let walker = files.enumerator(atPath: root) else { throw LabFixtureError(message: "cannot read \(root)") }
        for relative in walker.allObjects.compactMap({ $0 as? String }).sorted() {
            let path = root + "/" + relative
            let attributes = try files.attributesOfItem(atPath: path)
            hasher.update(Array("\(relative)|\(attributes[.type] ?? "")|\(attributes[.posixPermissions] ?? "")|\(attributes[.size] ?? "")|\(attributes[.modificationDate] ?? "")\n".utf8))
            if attributes[.type] as? FileAttributeType == FileAttributeType.typeRegular, let digest = SHA256.hex(ofFileAt: path) {
                hasher.update(Array(digest.utf8))
            }
        }
        return hasher.finalizeHex()
    }
}

public struct LabFixtureError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
