import Foundation
import Glibc
import ScourCore

/// `runs/RUN/`: a run's record (`run.json`), copies of the playbook and inventory as used, and
/// its journal. The folder of folders is `--runs-dir`, else `$SCOUR_RUNS_DIR`, else `./runs`.
public struct RunFolder: StoredRun {
    public let path: String
    public let runID: String

    public var location: String { path }

    public var recordPath: String { path + "/run.json" }
    public var journalPath: String { path + "/journal.jsonl" }
    public var journalLocation: String { journalPath }
    private var lockPath: String { path + "/lock" }

    public static func root(_ option: String?) -> String {
        option ?? ProcessInfo.processInfo.environment["SCOUR_RUNS_DIR"] ?? "runs"
    }

    /// Makes the folder of a new run and writes its record and the copies, durably, before
    /// anything is done to a host. The copies are the bytes the run's inputs were read from.
    public static func create(root: String, record: RunRecord, playbook: InputFile, inventory: InputFile) throws -> RunFolder {
        let folder = RunFolder(path: root + "/" + record.runID, runID: record.runID)
        let files = FileManager.default
        do {
            try files.createDirectory(atPath: root, withIntermediateDirectories: true)
            // Owner only: the inventory copy holds whatever the inventory holds.
            try files.createDirectory(atPath: folder.path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            try playbook.bytes.write(to: URL(fileURLWithPath: folder.path + "/playbook.scour"), options: .withoutOverwriting)
            let suffix = (inventory.path as NSString).pathExtension
            // 0600 in the folder a fresh run just made: the passwords must not rest on a folder's mode alone.
            try PrivateFile.write(inventory.bytes, to: folder.path + "/inventory" + (suffix.isEmpty ? "" : "." + suffix))
            try record.encoded().write(to: URL(fileURLWithPath: folder.recordPath), options: .atomic)
        } catch {
            throw RunError("cannot write the run folder \(folder.path): \(error.localizedDescription)")
        }
        try syncFolder(folder.path)
        try syncFolder(root)
        return folder
    }

    /// An existing run.
    public static func open(root: String, runID: String) throws -> RunFolder {
        let folder = RunFolder(path: root + "/" + runID, runID: runID)
        guard FileManager.default.fileExists(atPath: folder.recordPath) else {
            throw RunError("there is no run \(runID) in \(root) (`scour runs` lists them; --runs-dir or SCOUR_RUNS_DIR choose the folder)")
        }
        return folder
    }

    /// The run ids under `root`, oldest first (ids sort by time).
    public static func list(root: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: root + "/" + $0 + "/run.json") }.sorted()
    }

    public func record() throws -> RunRecord {
        guard let data = FileManager.default.contents(atPath: recordPath) else { throw RunError("cannot read \(recordPath)") }
        return try RunRecord.decode(data, from: recordPath)
    }

    public func history() throws -> RunHistory {
        FileManager.default.fileExists(atPath: journalPath) ? try RunHistory.read(path: journalPath) : RunHistory(events: [])
    }

    /// Appends to `journal.jsonl`, cutting off a torn last line `history` left out.
    public func journalSink(after history: RunHistory?) throws -> any JournalSink {
        try JournalFile(path: journalPath, keepingBytes: history?.validLength)
    }

    public func copies() throws -> (playbook: InputFile, inventory: InputFile) {
        let record = try record()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        guard let inventory = names.first(where: { $0 == "inventory" || $0.hasPrefix("inventory.") }),
              let playbookBytes = FileManager.default.contents(atPath: path + "/playbook.scour"),
              let inventoryBytes = FileManager.default.contents(atPath: path + "/" + inventory)
        else { throw RunError("the copies of the playbook and inventory are missing from \(path)") }
        return (InputFile(path: record.playbook.path, bytes: playbookBytes), InputFile(path: record.inventory.path, bytes: inventoryBytes))
    }

    /// The journal's whole lines (a torn last one left out, as `history` leaves it).
    public func journalEntries() throws -> [Data] {
        guard let data = FileManager.default.contents(atPath: journalPath) else { return [] }
        let whole = data.prefix(try history().validLength)
        return whole.split(separator: UInt8(ascii: "\n")).map { Data($0) }
    }

    /// Takes the run for this process (apply, resume, restore): a second process on the same
    /// run is refused. The kernel lets go of it when the process dies, however it dies.
    public func hold() throws -> any RunHold { try lock() }

    /// `hold()`, as the lock on the folder's `lock` file.
    public func lock() throws -> RunLock {
        let descriptor = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw RunError("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = String(decoding: FileManager.default.contents(atPath: lockPath) ?? Data(), as: UTF8.self)
            close(descriptor)
            throw RunError("run \(runID) is in use by another scour (pid \(holder.trimmingCharacters(in: .whitespacesAndNewlines)))")
        }
        _ = ftruncate(descriptor, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
        return RunLock(descriptor: descriptor)
    }

    public func activeProcess() -> Int32? {
        let descriptor = Glibc.open(lockPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_SH | LOCK_NB) != 0 else { flock(descriptor, LOCK_UN); return nil }
        let text = String(decoding: FileManager.default.contents(atPath: lockPath) ?? Data(), as: UTF8.self)
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func syncFolder(_ path: String) throws {
        let descriptor = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw RunError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw RunError("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }
}

/// Held while a process works on a run; released on `release()` or when the process exits.
public final class RunLock: RunHold {
    private let descriptor: Int32
    init(descriptor: Int32) { self.descriptor = descriptor }
    /// Unlocks before closing: a child forked meanwhile holds a copy of the descriptor until it
    /// execs, and with it the lock — `close` alone would leave the run locked for that while
    /// (a resume right after refused as "in use by another scour", seen under load).
    public func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
