import Foundation

/// What a lab's hosts hold when they first boot.
public enum LabScenario: String, Sendable, Codable, CaseIterable {
    /// Every host clean: a Debian-style Apache site and the web service running and enabled.
    case clean
    /// Code Red II as the reference Linux playbook looks for it, on the infected share of hosts:
    /// `root.exe` backdoors in the web tree, the `explorer.exe` trojan in /opt, and the worm's
    /// virtual roots and ISAPI handler mappings in the Apache site.
    case codeRedII = "codered-ii"
    /// Nimda on nginx sites whose web root differs per host (`web_root` in the inventory):
    /// `admin.dll` and `readme.eml` in the web root, the worm's script line appended to every
    /// page, and its `location` blocks in the site (`NimdaNginxScenario`).
    case nimdaNginx = "nimda-nginx"
    /// A running cryptominer with cron, crontab, authorized_keys, ld.so.preload and rc.local
    /// persistence among benign lines of the same files (`CryptominerScenario`).
    case cryptominer

    /// What a scenario needs to know about the host it seeds.
    public struct Host: Sendable {
        /// 1-based position in the lab.
        public var index: Int
        public var name: String
        public var infected: Bool
        /// The lab's client public key line (`D/id_ed25519.pub`), for files that list it.
        public var clientKey: String

        public init(index: Int, name: String, infected: Bool, clientKey: String) {
            self.index = index
            self.name = name
            self.infected = infected
            self.clientKey = clientKey
        }
    }

    /// Whether `--infected-share` applies: the scenario plants traces on some hosts.
    public var infects: Bool { self != .clean }

    /// Files of one host, relative to its root.
    public func files(for host: Host) -> [String: LabFile] {
        switch self {
        case .clean, .codeRedII: CodeRedIIScenario.files(infected: self == .codeRedII && host.infected)
        case .nimdaNginx: NimdaNginxScenario.files(for: host)
        case .cryptominer: CryptominerScenario.files(for: host)
        }
    }

    /// Services of every host, as the lab's systemctl records them.
    public var services: [String: String] {
        self == .nimdaNginx ? ["nginx": "active enabled"] : ["apache2": "active enabled"]
    }

    /// Inventory variables of the host at `index` (1-based) beyond its address, `name=value`
    /// as Ansible writes them.
    public func hostVariables(index: Int, name: String) -> [String] {
        guard self == .nimdaNginx, let root = NimdaNginxScenario.inventoryWebRoot(index: index, name: name) else { return [] }
        return ["web_root=\(root)"]
    }

    /// Refuses a scenario this machine cannot run, before the lab makes anything.
    func checkMachine() throws {
        if self == .cryptominer && !LabSampleELF.machineRuns {
            throw LabError.invalid("the cryptominer scenario runs its sample programs on x86-64 machines only")
        }
    }

    /// Root's rc files on every host, empty: commands run in a plain shell, as on a server.
    static let plainShell = ["root/.bashrc": LabFile(""), "root/.profile": LabFile("")]
}

/// One file a scenario plants: its bytes and permission bits.
public struct LabFile: Sendable, Equatable {
    public var contents: Data
    public var mode: Int

    public init(_ text: String, mode: Int = 0o644) {
        self.init(data: Data(text.utf8), mode: mode)
    }

    public init(data: Data, mode: Int = 0o644) {
        contents = data
        self.mode = mode
    }

    public var text: String { String(decoding: contents, as: UTF8.self) }
}
