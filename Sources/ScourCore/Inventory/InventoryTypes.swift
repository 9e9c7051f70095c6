/// A variable's value in an inventory, typed the way Ansible reads it.
public enum InventoryValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    /// YAML's null (`~`, an empty value), Python's `None` in INI.
    case null
    case list([InventoryValue])
    case map([String: InventoryValue])

    public var description: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let entries):
            return "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

/// A secret from the inventory (`ansible_password`): printed as `<redacted>` everywhere.
public struct Secret: Sendable, Hashable, CustomStringConvertible {
    public var value: String
    public init(_ value: String) { self.value = value }
    public var description: String { "<redacted>" }
}

/// A host of the inventory with everything Scour needs to reach it.
public struct InventoryHost: Sendable, Hashable {
    /// The inventory name (what `--limit` and reports use).
    public var name: String
    /// What to connect to: `ansible_host`, else the name.
    public var address: String
    public var port: Int?
    public var user: String?
    /// `ansible_ssh_private_key_file`, `~` expanded, relative paths resolved against the
    /// inventory's folder.
    public var privateKeyFile: String?
    public var password: Secret?
    /// `scour_platform` (`linux` or `windows`); linux when the inventory does not say.
    public var platform: Platform
    /// `ansible_become*`: whether and how to run as another user.
    public var become: Become
    /// The bastion chain from `-J`/`-o ProxyJump=` in `ansible_ssh_common_args` or
    /// `ansible_ssh_extra_args`, first hop first; nil when they name none, `[]` for `none`.
    public var jumps: [JumpHost]?
    /// Why Scour will not contact this host (an `ansible_connection` other than SSH), in words
    /// the engine shows as they are; nil when it can.
    public var refusal: String?
    /// All variables after Ansible's precedence: `all` < parent groups < child groups < host,
    /// with `{{ name }}` references rendered (`InventoryTemplate`) and Ansible's magic variables
    /// winning over inventory variables of their names (`AnsibleMagicVariables`).
    public var vars: [String: InventoryValue]
    /// The same variables as the inventory writes them, templates unrendered — what
    /// `ansible-inventory --list` shows.
    public var declaredVars: [String: InventoryValue] = [:]
    /// Every group the host belongs to, directly or through children, sorted; `all` included.
    public var groups: [String]

    public init(
        name: String, address: String, port: Int? = nil, user: String? = nil, privateKeyFile: String? = nil,
        password: Secret? = nil, platform: Platform = .linux, vars: [String: InventoryValue] = [:], groups: [String] = [],
        become: Become = Become(), jumps: [JumpHost]? = nil, refusal: String? = nil
    ) {
        self.name = name
        self.address = address
        self.port = port
        self.user = user
        self.privateKeyFile = privateKeyFile
        self.password = password
        self.platform = platform
        self.vars = vars
        self.groups = groups
        self.become = become
        self.jumps = jumps
        self.refusal = refusal
    }
}

/// Privilege escalation as the inventory asks for it (`ansible_become`, `_user`, `_method`,
/// `_password`).
public struct Become: Sendable, Hashable {
    /// How to become another user: `sudo`, or a method Scour refuses by name.
    public enum Method: Sendable, Hashable, CustomStringConvertible {
        case sudo
        /// `su`, `pbrun`, `doas`, …: kept so the engine can refuse the host saying which.
        case unsupported(String)

        public init(_ name: String) { self = name == "sudo" ? .sudo : .unsupported(name) }
        public var description: String {
            switch self {
            case .sudo: return "sudo"
            case .unsupported(let name): return name
            }
        }
    }

    /// `ansible_become`; nil when the inventory does not say (the command line decides).
    public var enabled: Bool?
    /// `ansible_become_user`.
    public var user: String
    /// `ansible_become_method`.
    public var method: Method
    /// `ansible_become_password` (`ansible_become_pass`).
    public var password: Secret?

    public init(enabled: Bool? = nil, user: String = "root", method: Method = .sudo, password: Secret? = nil) {
        self.enabled = enabled
        self.user = user
        self.method = method
        self.password = password
    }
}

/// A group: its direct hosts, its child groups and its own variables.
public struct InventoryGroup: Sendable, Hashable {
    public var name: String
    public var hosts: [String]
    public var children: [String]
    public var vars: [String: InventoryValue]
}

/// An `ansible_*` variable Scour does not honour, named once per inventory with the hosts
/// that set it and what Scour does instead.
public struct InventoryWarning: Sendable, Hashable, CustomStringConvertible {
    /// The variable, with the unsupported part when only part is (`ansible_ssh_common_args
    /// '-o StrictHostKeyChecking=no'`).
    public var subject: String
    /// Every host that sets it, in inventory order.
    public var hosts: [String]
    /// What Scour does instead.
    public var instead: String

    public var description: String {
        let shown = hosts.prefix(3).joined(separator: ", ") + (hosts.count > 3 ? ", …" : "")
        let count = hosts.count == 1 ? "1 host" : "\(hosts.count) hosts"
        return "\(subject) is not honoured by scour (\(count): \(shown)): \(instead)"
    }
}

/// A malformed inventory, a bad pattern: `inventory.ini:12: error: …`.
public struct InventoryError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var message: String

    public init(path: String, line: Int?, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        line.map { "\(path):\($0): error: \(message)" } ?? "\(path): error: \(message)"
    }
}
