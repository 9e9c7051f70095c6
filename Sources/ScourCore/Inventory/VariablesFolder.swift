import Foundation
import Yams

/// `group_vars/` and `host_vars/` beside an inventory (in the folder of an inventory file, or
/// in an inventory folder), read as Ansible's `host_group_vars` plugin reads them: for a group
/// or host NAME, the file `NAME`, `NAME.yml`, `NAME.yaml` or `NAME.json`, or every such file
/// under a folder `NAME/` (name order, hidden and `~` files skipped); each a YAML mapping.
struct VariablesFolder {
    let base: String

    static let extensions = ["", ".yml", ".yaml", ".json"]

    /// Adds the variables files of every group and host of `draft` to it.
    func apply(to draft: inout InventoryDraft) throws {
        for group in draft.groupOrder {
            for file in try files(kind: "group_vars", name: group) { draft.setFileVars(group: group, try variables(in: file)) }
        }
        for host in draft.hostOrder {
            for file in try files(kind: "host_vars", name: host) { draft.setFileVars(host: host, try variables(in: file)) }
        }
    }

    private func files(kind: String, name: String) throws -> [String] {
        let stem = ((base as NSString).appendingPathComponent(kind) as NSString).appendingPathComponent(name)
        var found: [String] = []
        for ext in Self.extensions {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: stem + ext, isDirectory: &isDirectory) else { continue }
            found += isDirectory.boolValue && ext.isEmpty ? try filesUnder(stem + ext) : [stem + ext]
        }
        return found
    }

    private func filesUnder(_ folder: String) throws -> [String] {
        var found: [String] = []
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw InventoryError(path: folder, line: nil, message: "cannot list the variables folder: \((error as NSError).localizedDescription)")
        }
        for name in names.sortedByBytes() where !name.hasPrefix(".") && !name.hasSuffix("~") {
            let path = (folder as NSString).appendingPathComponent(name)
            if FileManager.default.isDirectory(path) {
                found += try filesUnder(path)
            } else if Self.extensions.dropFirst().contains(where: { name.hasSuffix($0) }) || !name.contains(".") {
                found.append(path)
            }
        }
        return found
    }

    private func variables(in file: String) throws -> [String: InventoryValue] {
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw InventoryError(path: file, line: nil, message: "cannot read the variables file: \((error as NSError).localizedDescription)")
        }
        return try YAMLInventoryParser(path: file).variables(text)
    }
}
