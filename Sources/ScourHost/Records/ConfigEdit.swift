import Foundation
import ScourCore

/// A file a `strip_mappings` or `remove_lines` step replaced, as the controller recorded it: what
/// `restore` needs to put the original back, and to tell whether the file changed since. Two
/// records of an edit: before it, what the step is about to do (its `step_started` journal
/// line: the metadata unknown), then what it did (`step_finished`, from the replace script's
/// own line). Restore reads the second, or the first for a step that never finished — so an
/// edit made just before the controller died is on record too.
public struct ConfigEdit: Sendable, Codable, Equatable {
    public var path: String
    /// Where the host keeps the original (the run's backup folder).
    public var backup: String
    /// SHA-256 of the original, as backed up.
    public var sha256Before: String
    /// SHA-256 of the config as scour wrote it.
    public var sha256After: String
    /// The original's permission bits (`stat %a`; on windows, its attributes), owner, group
    /// and mtime (seconds since 1970), as the backup has them; nil in the record made before the
    /// edit (the backup's bytes are then all restore checks).
    public var mode: String?
    public var owner: String?
    public var group: String?
    public var mtime: Int64?

    package enum CodingKeys: String, CodingKey {
        case path, backup, sha256Before = "sha256_before", sha256After = "sha256_after", mode, owner, group, mtime
    }

    public init(path: String, backup: String, sha256Before: String, sha256After: String, mode: String?, owner: String?, group: String?, mtime: Int64?) {
        self.path = path
        self.backup = backup
        self.sha256Before = sha256Before
        self.sha256After = sha256After
        self.mode = mode
        self.owner = owner
        self.group = group
        self.mtime = mtime
    }

    /// The record of an edit about to be made: `config`, now `original`, is to become `written`.
    package static func planned(_ config: String, from original: [UInt8], to written: [UInt8], run: String, platform: Platform) -> ConfigEdit {
        ConfigEdit(path: config, backup: backupPath(of: config, run: run, platform: platform), sha256Before: SHA256.hex(of: original),
                   sha256After: SHA256.hex(of: written), mode: nil, owner: nil, group: nil, mtime: nil)
    }

    /// The backup's mode, owner, group and mtime as one `stat -c '%a %U %G %Y'` line; empty when
    /// not recorded.
    package var posixMetadata: String {
        guard let mode, let owner, let group, let mtime else { return "" }
        return "\(mode) \(owner) \(group) \(mtime)"
    }

    /// Where the host keeps the original of `config` during run `run`.
    package static func backupPath(of config: String, run: String, platform: Platform) -> String {
        platform.shell.backup(of: config, run: run)
    }

    /// Starts the line the replace script prints about the backup (JSON follows).
    package static let backupLinePrefix = "SCOUR-BACKUP "

    /// What the replace script says of the backup and of the file it moved into place.
    private struct BackupLine: Decodable {
        var sha256: String
        var written: String
        var mode: String
        var owner: String
        var group: String
        var mtime: Int64
    }

    /// The record of `config`'s edit, from the replace script's output: the last backup line
    /// in it. Throws when there is none, or when what the host wrote is not `written` (the
    /// bytes scour sent).
    package static func parse(_ output: String, config: String, backup: String, written: [UInt8]) throws -> ConfigEdit {
        let line = output.split(whereSeparator: \.isNewline).last { $0.hasPrefix(backupLinePrefix) }
        guard let line, let record = try? JSONDecoder().decode(BackupLine.self, from: Data(line.dropFirst(backupLinePrefix.count).utf8)) else {
            throw HostRecordError("\(config) was replaced, but the host did not describe its backup \(backup)")
        }
        let expected = SHA256.hex(of: written)
        guard record.written == expected else {
            throw HostRecordError("\(config) was replaced, but with SHA-256 \(record.written.prefix(64)), not \(expected) as sent")
        }
        return ConfigEdit(path: config, backup: backup, sha256Before: record.sha256, sha256After: expected,
                          mode: record.mode, owner: record.owner, group: record.group, mtime: record.mtime)
    }
}
