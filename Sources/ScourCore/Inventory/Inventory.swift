import Foundation
import Yams

/// An Ansible inventory (INI or YAML file, executable script, or a folder of them), read as
/// Ansible reads it: see docs/inventory.md.
public struct Inventory: Sendable {
    public var path: String
    /// Every host once, in the order the sources first name it.
    public var hosts: [InventoryHost]
    public var groups: [String: InventoryGroup]
    /// Group names in the order Ansible creates them (`all`, `ungrouped`, then as declared):
    /// a glob over group names takes their hosts in this order.
    public var groupOrder: [String]
    /// The `ansible_*` variables Scour does not honour, each once with its hosts, for the
    /// command line to print.
    public var warnings: [InventoryWarning]

    public init(
        path: String, hosts: [InventoryHost], groups: [String: InventoryGroup], groupOrder: [String]? = nil,
        warnings: [InventoryWarning] = []
    ) {
        self.path = path
        self.hosts = hosts
        self.groups = groups
        self.groupOrder = groupOrder ?? ["all", "ungrouped"] + groups.keys.filter { $0 != "all" && $0 != "ungrouped" }.sorted()
        self.warnings = warnings
    }

    /// Limits on running an inventory script.
    public struct ScriptLimits: Sendable {
        public var timeout: Duration
        /// Output beyond this many bytes stops the script.
        public var outputLimit: Int

        public init(timeout: Duration = .seconds(30), outputLimit: Int = 64 << 20) {
            self.timeout = timeout
            self.outputLimit = outputLimit
        }
    }

    /// Reads an inventory: a folder merges every source in it; an executable file is run as a
    /// dynamic inventory script; `.yml`/`.yaml` are YAML, `.ini` is INI, anything else is YAML
    /// when it parses as a YAML mapping and INI otherwise. `group_vars/` and `host_vars/` beside
    /// it are applied.
    public static func load(path: String, scripts: ScriptLimits = ScriptLimits()) throws -> Inventory {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw notFound(path) }
        guard isDirectory.boolValue else { return try load(try readFile(path), scripts: scripts) }
        var draft = InventoryDraft(path: path)
        for source in try InventoryFolder.sources(in: path) {
            draft.merge(try read(try readFile(source), scripts: scripts))
        }
        try VariablesFolder(base: path).apply(to: &draft)
        return try draft.build(relativeTo: path, inventoryPath: path)
    }

    /// An inventory file already read (`readFile`), as `load(path:)` reads a file: a run loads
    /// the bytes it then hashes and copies (a script is run from its path).
    public static func load(_ file: InputFile, scripts: ScriptLimits = ScriptLimits()) throws -> Inventory {
        let base = (file.path as NSString).deletingLastPathComponent
        var draft = InventoryDraft(path: file.path)
        draft.merge(try read(file, scripts: scripts))
        try VariablesFolder(base: base).apply(to: &draft)
        return try draft.build(relativeTo: base, inventoryPath: file.path)
    }

    /// The bytes of an inventory file, read once. A folder is refused: it has no bytes of its
    /// own to hash and copy.
    public static func readFile(_ path: String) throws -> InputFile {
        guard FileManager.default.fileExists(atPath: path) else { throw notFound(path) }
        guard !FileManager.default.isDirectory(path) else {
            throw InventoryError(path: path, line: nil, message: "plan and apply take an inventory file, not a folder: they record its SHA-256 (and a run, a copy)")
        }
        do { return try InputFile.read(path) } catch { throw unreadable(path, error) }
    }

    /// One file: a script when it is executable and starts as a program does (`#!`, or an ELF
    /// header), else INI or YAML text — so an inventory on a file system that marks every file
    /// executable is still read, not run.
    private static func read(_ file: InputFile, scripts: ScriptLimits) throws -> InventoryDraft {
        if FileManager.default.isExecutableFile(atPath: file.path), isProgram(file.bytes) {
            return try InventoryScript(path: file.path, timeout: scripts.timeout, outputLimit: scripts.outputLimit).read()
        }
        let text: String
        do { text = try file.text() } catch { throw unreadable(file.path, error) }
        return try draft(text: text, path: file.path)
    }

    private static func isProgram(_ bytes: Data) -> Bool {
        let start = [UInt8](bytes.prefix(4))
        return start.starts(with: Array("#!".utf8)) || start == [0x7F, 0x45, 0x4C, 0x46]
    }

    private static func notFound(_ path: String) -> InventoryError {
        InventoryError(path: path, line: nil, message: "cannot read the inventory: no such file or folder")
    }

    private static func unreadable(_ path: String, _ error: any Error) -> InventoryError {
        InventoryError(path: path, line: nil, message: "cannot read the inventory: \((error as NSError).localizedDescription)")
    }

    public static func parse(text: String, path: String) throws -> Inventory {
        try draft(text: text, path: path).build(relativeTo: (path as NSString).deletingLastPathComponent, inventoryPath: path)
    }

    private static func draft(text: String, path: String) throws -> InventoryDraft {
        isYAML(text: text, path: path)
            ? try YAMLInventoryParser(path: path).parse(text)
            : try INIInventoryParser(path: path).parse(text)
    }

    private static func isYAML(text: String, path: String) -> Bool {
        switch (path as NSString).pathExtension.lowercased() {
        case "yml", "yaml", "json": return true
        case "ini": return false
        default:
            let firstLine = text.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix(";") }
            if firstLine?.hasPrefix("[") == true { return false }
            return ((try? Yams.compose(yaml: text))??.mapping) != nil
        }
    }

    /// The hosts `pattern` selects, in inventory order; an error when it selects none.
    public func select(_ pattern: HostPattern) throws -> [InventoryHost] {
        let chosen = try pattern.matches(in: self)
        let selected = hosts.filter { chosen.contains($0.name) }
        guard !selected.isEmpty else {
            throw InventoryError(path: path, line: nil, message: "no host matches '\(pattern.text)'")
        }
        return selected
    }

    /// The hosts named (a run's or a plan's), in the order given; an error naming any the
    /// inventory no longer has.
    public func hosts(named names: [String]) throws -> [InventoryHost] {
        let byName = Dictionary(uniqueKeysWithValues: hosts.map { ($0.name, $0) })
        let missing = names.filter { byName[$0] == nil }
        guard missing.isEmpty else {
            throw InventoryError(path: path, line: nil, message: "hosts no longer in the inventory: \(missing.joined(separator: ", "))")
        }
        return names.map { byName[$0]! }
    }
}
