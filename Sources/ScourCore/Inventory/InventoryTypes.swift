/// A variable's value in an inventory, typed the way Ansible reads it.
public enum InventoryValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case list([InventoryValue])
    case map([String: InventoryValue])

    public var description: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
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
    /// `scour_platform`: `linux` or `windows`.
    public var platform: String?
    /// All variables after Ansible's precedence: `all` < parent groups < child groups < host.
    public var vars: [String: InventoryValue]
    /// Every group the host belongs to, directly or through children, sorted; `all` included.
    public var groups: [String]

    public init(
        name: String, address: String, port: Int? = nil, user: String? = nil, privateKeyFile: String? = nil,
        password: Secret? = nil, platform: String? = nil, vars: [String: InventoryValue] = [:], groups: [String] = []
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
    }
}

/// A group: its direct hosts, its child groups and its own variables.
public struct InventoryGroup: Sendable, Hashable {
    public var name: String
    public var hosts: [String]
    public var children: [String]
    public var vars: [String: InventoryValue]
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
