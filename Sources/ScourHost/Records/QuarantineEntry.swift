import Foundation

/// One line of a host's `manifest.jsonl` in a run's quarantine: a file a step removed.
public struct QuarantineEntry: Sendable, Decodable, Equatable {
    /// The original path (stored base64, so any byte survives).
    public var path: String
    public var size: UInt64
    /// Octal permission bits, as `stat %a` says them.
    public var mode: String
    public var owner: String
    public var group: String
    /// Seconds since 1970.
    public var mtime: Int64
    /// "-" for what is not a regular file (a symlink).
    public var sha256: String
    public var step: String
    /// The name in the quarantine folder; nil when the step deleted the file (`mode = delete`).
    public var storedAs: String?

    package enum CodingKeys: String, CodingKey {
        case pathBase64 = "path_base64", size, mode, owner, group, mtime, sha256, step, storedAs = "stored_as"
    }

    package init(path: String, size: UInt64, mode: String, owner: String, group: String, mtime: Int64, sha256: String, step: String, storedAs: String?) {
        (self.path, self.size, self.mode, self.owner, self.group) = (path, size, mode, owner, group)
        (self.mtime, self.sha256, self.step, self.storedAs) = (mtime, sha256, step, storedAs)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let encoded = try container.decode(String.self, forKey: .pathBase64)
        guard let bytes = Data(base64Encoded: encoded) else {
            throw DecodingError.dataCorruptedError(forKey: .pathBase64, in: container, debugDescription: "not base64")
        }
        path = String(decoding: bytes, as: UTF8.self)
        size = try container.decode(UInt64.self, forKey: .size)
        mode = try container.decode(String.self, forKey: .mode)
        owner = try container.decode(String.self, forKey: .owner)
        group = try container.decode(String.self, forKey: .group)
        mtime = try container.decode(Int64.self, forKey: .mtime)
        sha256 = try container.decode(String.self, forKey: .sha256)
        step = try container.decode(String.self, forKey: .step)
        storedAs = try container.decodeIfPresent(String.self, forKey: .storedAs)
    }

    /// The entries of a manifest, the last per path (a path quarantined twice in one run — the
    /// worm put it back before a resume — is restored as last removed). A line that cannot be
    /// read is an error naming it: the manifest is the only record of what was removed.
    public static func parse(_ text: String) throws -> [QuarantineEntry] {
        var entries: [QuarantineEntry] = []
        // PowerShell 5's Add-Content -Encoding UTF8 starts the file with a byte order mark.
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            guard !line.isEmpty else { continue }
            do {
                let entry = try JSONDecoder().decode(QuarantineEntry.self, from: Data(line.utf8))
                entries.removeAll { $0.path == entry.path }
                entries.append(entry)
            } catch {
                throw HostRecordError("line \(index + 1) of the quarantine manifest cannot be read: \(line.prefix(120))")
            }
        }
        return entries
    }
}
