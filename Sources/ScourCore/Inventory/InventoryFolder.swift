import Foundation

/// A folder given as the inventory: every entry is a source, read in name order and merged,
/// sub-folders included — Ansible's rule (`InventoryManager.parse_source`, ansible-core 2.19):
/// names starting with `.`, `host_vars`, `group_vars` and `vars_plugins` are skipped, and so
/// are names ending with an extension of `INVENTORY_IGNORE_EXTS` (ansible-core 2.19 stopped
/// skipping `.ini`, ansible/ansible#84001).
enum InventoryFolder {
    static let ignoredNames: Set<String> = ["host_vars", "group_vars", "vars_plugins"]
    static let ignoredEndings = [".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt", ".rst", ".orig", ".cfg", ".retry"]

    static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || ignoredNames.contains(name) || ignoredEndings.contains { name.hasSuffix($0) }
    }

    /// The sources of `folder`, in Ansible's order (byte order of names, depth first).
    static func sources(in folder: String) throws -> [String] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw InventoryError(path: folder, line: nil, message: "cannot list the inventory folder: \((error as NSError).localizedDescription)")
        }
        var sources: [String] = []
        for name in names.sortedByBytes() where !isIgnored(name) {
            let path = (folder as NSString).appendingPathComponent(name)
            if FileManager.default.isDirectory(path) {
                sources += try self.sources(in: path)
            } else {
                sources.append(path)
            }
        }
        return sources
    }
}

extension [String] {
    /// Sorted as Python's `sorted(os.listdir(...))` sorts names: by their bytes.
    func sortedByBytes() -> [String] { sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
}
