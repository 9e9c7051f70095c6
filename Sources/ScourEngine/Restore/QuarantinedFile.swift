import ScourHost

/// A file a `remove_files` step moved into quarantine (or deleted), as the controller recorded
/// it in the journal before acting: what the probe saw at the path and the name the host was
/// told to store it under. `restore` trusts this record alone; the host's manifest is only
/// compared with it, and anything there the journal does not hold is tampering.
public struct QuarantinedFile: Sendable, Codable, Equatable {
    public var path: String
    /// The plain name inside the run's quarantine folder; nil when the step deleted the file.
    public var storedAs: String?
    public var size: UInt64
    /// Lowercase hex, or "-" for what is not a regular file (a symlink).
    public var sha256: String
    public var mode: String
    public var owner: String
    public var group: String
    public var mtime: Int64
    /// The step that quarantined it: the journal line it is recorded with says, not the record.
    public var step = ""

    public init(path: String, storedAs: String?, size: UInt64, sha256: String, mode: String, owner: String, group: String, mtime: Int64) {
        self.path = path
        self.storedAs = storedAs
        self.size = size
        self.sha256 = sha256
        self.mode = mode
        self.owner = owner
        self.group = group
        self.mtime = mtime
    }

    enum CodingKeys: String, CodingKey {
        case path, storedAs = "stored_as", size, sha256, mode, owner, group, mtime
    }

    /// The record of `path` about to be quarantined as `storedAs`, from what the probe saw.
    init?(path: String, storedAs: String?, observed file: FileObservation?) {
        guard let file, let stat = file.stat else { return nil }
        self.init(path: path, storedAs: storedAs, size: stat.size, sha256: file.sha256 ?? "-", mode: stat.mode,
                  owner: stat.owner, group: stat.group, mtime: stat.mtime)
    }

    /// Whether the host's manifest line says the same of this file.
    func agrees(with entry: QuarantineEntry) -> Bool {
        entry.path == path && entry.storedAs == storedAs && entry.size == size && entry.sha256 == sha256
            && entry.mode == mode && entry.owner == owner && entry.group == group
    }

    /// As the restore script takes it.
    var entry: QuarantineEntry {
        QuarantineEntry(path: path, size: size, mode: mode, owner: owner, group: group, mtime: mtime, sha256: sha256, step: step, storedAs: storedAs)
    }
}
