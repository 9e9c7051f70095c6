import Foundation
import ScourCore

/// Where a lab lives and how its hosts are named and addressed. Pure arithmetic, so it can be
/// unit-tested and so `up`, `down` and `status` always agree on every name.
///
/// Lab K (0…99, `--net K`) owns the bridge `scourbr<K>` with 10.(77+K).0.1/16; host i (1-based)
/// gets 10.(77+K).(1 + (i-1)/250).(1 + (i-1)%250), the network namespace `scour<K>-<name>` and the
/// root-side veth `sc<K>h<i>` (interface names are limited to 15 bytes).
public struct LabLayout: Sendable, Equatable {
    /// Every host and bastion is a port of the lab bridge, and a Linux bridge takes at most 1,023
    /// (`BR_MAX_PORTS`: the 1,024th is refused with "Exchange full"); room is left for bastions.
    public static let maximumHosts = 1000
    public static let defaultDirectory = URL(fileURLWithPath: "/var/lib/scour-lab")

    public var directory: URL
    public var network: Int

    public init(directory: URL = LabLayout.defaultDirectory, network: Int = 0) {
        self.directory = directory.standardizedFileURL
        self.network = network
    }

    public var bridge: String { "scourbr\(network)" }
    public var bridgeAddress: String { "10.\(77 + network).0.1" }
    public var prefixLength: Int { 16 }

    public func hostName(_ index: Int, of count: Int) -> String {
        let width = max(2, String(count).count)
        let digits = String(index)
        return "h" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    public func address(ofHost index: Int) -> String {
        "10.\(77 + network).\(1 + (index - 1) / 250).\(1 + (index - 1) % 250)"
    }

    /// Behind bastions, host i is 10.(77+K).(129 + (i-1)/250).(1 + (i-1)%250), in the lab's upper
    /// half 10.(77+K).128.0/17, which only the last bastion's hidden bridge carries: for the
    /// controller it is on the lab bridge's /16, so a direct connection stays on the lab bridge
    /// and finds no one.
    public func address(ofHostBehindBastions index: Int) -> String {
        "10.\(77 + network).\(129 + (index - 1) / 250).\(1 + (index - 1) % 250)"
    }

    // Bastions (`--bastions 1|2`): b1 on the lab bridge at .0.2; with two, b1 hides
    // 10.(77+K).64.0/18 where b2 is .64.2, and the last hides the hosts' 10.(77+K).128.0/17.
    // Each hidden bridge lives inside its bastion's namespace, so the machine has no leg on it.
    public static let hiddenBridge = "hidden"
    public func bastionName(_ index: Int) -> String { "b\(index)" }
    public func bastionVeth(_ index: Int) -> String { "sc\(network)b\(index)" }
    public func bastionAddress(_ index: Int) -> (address: String, prefixLength: Int) {
        index == 1 ? ("10.\(77 + network).0.2", prefixLength) : ("10.\(77 + network).64.2", 18)
    }
    /// The bastion's address on the bridge it hides, with its prefix.
    public func bastionHiddenAddress(_ index: Int, of count: Int) -> String {
        index == count ? "10.\(77 + network).128.1/17" : "10.\(77 + network).64.1/18"
    }
    public static let hostsBehindBastionsPrefixLength = 17

    /// Site K (`--sites`): namespace `scour<K>-site<k>`, holding a `hiddenBridge` with the lab
    /// bridge's own address — sites never meet, so the hosts keep their plain-lab addresses.
    public func siteName(_ index: Int) -> String { "site\(index)" }

    public func namespace(ofHost name: String) -> String { "scour\(network)-\(name)" }
    public func rootVeth(ofHost index: Int) -> String { "sc\(network)h\(index)" }

    // Files of the lab, all under `directory` (never under a path bound over inside a host).
    public var stateFile: URL { directory.appendingPathComponent("lab.json") }
    public var inventoryFile: URL { directory.appendingPathComponent("inventory.ini") }
    public var knownHostsFile: URL { directory.appendingPathComponent("known_hosts") }
    public var clientKey: URL { directory.appendingPathComponent("id_ed25519") }
    public var authorizedKeys: URL { directory.appendingPathComponent("authorized_keys") }
    /// Plain OpenSSH settings for the lab (`ssh -F D/ssh_config h01`), jumps included.
    public var sshConfigFile: URL { directory.appendingPathComponent("ssh_config") }
    public var scriptsDirectory: URL { directory.appendingPathComponent("bin") }
    public func hostDirectory(_ name: String) -> URL { directory.appendingPathComponent("hosts/\(name)") }

    /// The paths each host gets its own copy of, bound over the machine's. `/tmp` is bound last
    /// because the lab's own files must stay visible to sshd while the others are mounted.
    public static let privatePaths = [
        "/etc/apache2", "/etc/nginx", "/etc/cron.d", "/etc/systemd/system", "/opt", "/var/www",
        "/var/lib/patches", "/var/lib/scour", "/var/spool/cron", "/srv", "/run/scour-lab", "/root", "/home", "/tmp",
    ]

    /// A lab folder inside one of the host-private paths would be hidden from its own sshd.
    public func validate() throws {
        guard (0...99).contains(network) else { throw LabError.invalid("--net must be between 0 and 99, not \(network)") }
        let path = directory.path
        for bound in Self.privatePaths where path == bound || path.hasPrefix(bound + "/") {
            throw LabError.invalid("the lab folder \(path) is inside \(bound), which every lab host binds over; choose another --dir")
        }
    }
}

/// Which hosts of a lab the scenario infects: spread evenly, so that 50% is every second host.
public enum InfectionSpread {
    public static func infectedIndices(count: Int, share: Share) -> [Int] {
        guard count > 0 else { return [] }
        let infected = share.resolved(outOf: count)
        return (1...count).filter { index in
            index * infected / count > (index - 1) * infected / count
        }
    }
}
