import Foundation
import ScourCore

/// A temporary directory whose file names try every trick against shell quoting.
struct HostileTree {
    static let names = [
        "with space",
        "single'quote",
        "double\"quote",
        "$(touch pwned-dollar)",
        "`touch pwned-backtick`",
        "semi;colon; touch pwned-semi",
        "star*",
        "new\nline",
        "-leading-dash",
        "ünïcødé ✓ файл",
        "back\\slash",
        "'; touch pwned-quote; '",
    ]

    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("scour-probe-\(UUID().uuidString)")
        let manager = FileManager.default
        try manager.createDirectory(at: root.appendingPathComponent("dir with space/sub"), withIntermediateDirectories: true)
        for (offset, name) in Self.names.enumerated() {
            try Data("content \(offset) of \(name)\n".utf8).write(to: root.appendingPathComponent(name))
        }
        try Data(repeating: 0x41, count: 5000).write(to: root.appendingPathComponent("dir with space/big.bin"))
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("link to star").path, withDestinationPath: "star*")
        try manager.setAttributes([.posixPermissions: 0o640], ofItemAtPath: root.appendingPathComponent("with space").path)
    }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// Every entry under the root with its kind and, for regular files, the SHA-256 of its bytes.
    func snapshot() throws -> [String: String] {
        var result: [String: String] = [:]
        let manager = FileManager.default
        for relative in try manager.subpathsOfDirectory(atPath: root.path) {
            let full = root.appendingPathComponent(relative).path
            let attributes = try manager.attributesOfItem(atPath: full)
            let type = attributes[.type] as? FileAttributeType
            if type == .typeRegular {
                result[relative] = SHA256.hex(of: try Data(contentsOf: URL(fileURLWithPath: full)))
            } else {
                result[relative] = "\(type?.rawValue ?? "?") \(attributes[.modificationDate].map { "\($0)" } ?? "")"
            }
        }
        return result
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
