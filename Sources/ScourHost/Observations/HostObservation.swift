import Foundation
import ScourCore

/// Everything one probe round trip learned about a host, keyed by what was asked (path,
/// pattern, name, command). It goes into plan.json; `digest` lets `apply` tell whether the host
/// drifted since the plan was made.
public struct HostObservation: Sendable, Codable, Equatable {
    public var facts: HostFacts?
    public var files: [String: FileObservation] = [:]
    public var globs: [String: GlobObservation] = [:]
    public var contents: [String: ContentObservation] = [:]
    /// `ProbeItem.observationKey` of a `contentGlob` item → its files with a matching line.
    public var contentGlobs: [String: ContentGlobObservation] = [:]
    /// `ProbeItem.observationKey` of a `globContents` item → the files it matched, with their bytes.
    public var globContents: [String: GlobContentsObservation] = [:]
    /// `ProbeItem.observationKey` of a `processes` item → the processes it matched.
    public var processLists: [String: ProcessListObservation] = [:]
    /// Command text → exit status (124: stopped at its timeout, coreutils' convention).
    public var commands: [String: Int32] = [:]
    public var packages: [String: PackageObservation] = [:]
    public var services: [String: ServiceObservation] = [:]
    /// Hotfix id → installed.
    public var hotfixes: [String: Bool] = [:]

    public init() {}

    /// Every map may be absent: a plan written before `contentGlobs`, `globContents` and
    /// `processLists` existed still applies.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func map<Value: Decodable>(_ key: CodingKeys) throws -> [String: Value] {
            try container.decodeIfPresent([String: Value].self, forKey: key) ?? [:]
        }
        facts = try container.decodeIfPresent(HostFacts.self, forKey: .facts)
        (files, globs, contents, contentGlobs) = (try map(.files), try map(.globs), try map(.contents), try map(.contentGlobs))
        globContents = try map(.globContents)
        (processLists, commands) = (try map(.processLists), try map(.commands))
        (packages, services, hotfixes) = (try map(.packages), try map(.services), try map(.hotfixes))
    }

    /// The canonical encoding: JSON with sorted keys and no insignificant whitespace. Two equal
    /// observations always encode to the same bytes.
    public func canonicalJSON() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, integers, booleans and Data cannot fail.
        return Array((try? encoder.encode(self)) ?? Data())
    }

    /// This observation updated with everything `newer` saw (a re-probe of some items).
    public mutating func update(with newer: HostObservation) {
        if let facts = newer.facts { self.facts = facts }
        files.merge(newer.files) { $1 }
        globs.merge(newer.globs) { $1 }
        contents.merge(newer.contents) { $1 }
        contentGlobs.merge(newer.contentGlobs) { $1 }
        globContents.merge(newer.globContents) { $1 }
        processLists.merge(newer.processLists) { $1 }
        commands.merge(newer.commands) { $1 }
        packages.merge(newer.packages) { $1 }
        services.merge(newer.services) { $1 }
        hotfixes.merge(newer.hotfixes) { $1 }
    }

    /// The answer to a `contentGlob` item, if it was asked.
    public func contentGlob(for item: ProbeItem) -> ContentGlobObservation? { contentGlobs[item.observationKey] }

    /// The answer to a `globContents` item, if it was asked.
    public func globContents(for item: ProbeItem) -> GlobContentsObservation? { globContents[item.observationKey] }

    /// The answer to a `processes` item, if it was asked.
    public func processList(for item: ProbeItem) -> ProcessListObservation? { processLists[item.observationKey] }

    /// SHA-256 (hex) of `canonicalJSON()`.
    public var digest: String { SHA256.hex(of: canonicalJSON()) }
}

/// Who the host is, and which boot it is in: a reboot is proven by a different `bootID`.
public struct HostFacts: Sendable, Codable, Equatable {
    public var hostname: String
    /// linux: `/proc/sys/kernel/random/boot_id`; windows: the last boot time (ISO 8601, UTC).
    public var bootID: String
    /// linux: `PRETTY_NAME` of /etc/os-release; windows: the OS caption.
    public var os: String
    /// linux: `uname -sr`; windows: the OS version.
    public var kernel: String

    public init(hostname: String, bootID: String, os: String, kernel: String) {
        self.hostname = hostname
        self.bootID = bootID
        self.os = os
        self.kernel = kernel
    }
}

public enum FileKind: String, Sendable, Codable, Equatable {
    case absent, regular, directory, symlink, other
    /// Whether anything is at the path could not be told: `FileObservation.unseen` says why.
    case unknown
}

/// The three answers to "is it there?".
public enum Presence: Sendable, Equatable {
    case present, absent
    case unknown(Unseen)
}

/// A path as seen on the host (a final symlink is reported itself, not followed).
public struct FileObservation: Sendable, Codable, Equatable {
    public var kind: FileKind
    /// nil exactly when `kind` is `.absent`.
    public var stat: FileStat?
    /// Lowercase hex; set for regular files, unless `unseen` says why it could not be read.
    public var sha256: String?
    /// What could not be looked at: whether anything is there (`kind` is `.unknown`), or the
    /// bytes of a regular file (`sha256` is nil). Nil (and left out of the JSON): all seen.
    public var unseen: Unseen?

    public init(kind: FileKind, stat: FileStat? = nil, sha256: String? = nil, unseen: Unseen? = nil) {
        self.kind = kind
        self.stat = stat
        self.sha256 = sha256
        self.unseen = unseen
    }

    /// Whether anything is at the path: unknown when the probe could not look.
    public var presence: Presence {
        switch kind {
        case .absent: .absent
        case .unknown: .unknown(unseen ?? Unseen(.ioError))
        default: .present
        }
    }
}

public struct FileStat: Sendable, Codable, Equatable {
    /// Bytes (0 for directories on windows).
    public var size: UInt64
    /// linux: permission bits in octal (`644`, `4755`); windows: the attributes (`Archive, ReadOnly`).
    public var mode: String
    /// linux only.
    public var uid: UInt32?
    public var gid: UInt32?
    /// Seconds since 1970 (UTC).
    public var mtime: Int64
    public var owner: String
    public var group: String

    public init(size: UInt64, mode: String, uid: UInt32?, gid: UInt32?, mtime: Int64, owner: String, group: String) {
        self.size = size
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.mtime = mtime
        self.owner = owner
        self.group = group
    }
}

public struct GlobObservation: Sendable, Codable, Equatable {
    /// How many paths matched in all; more than `matches.count` when cut at `max_matches`.
    public var total: Int
    /// The first matches, in the host shell's order, with their facts.
    public var matches: [GlobMatch]
    /// The folders the expansion could not search: paths there may match unseen. Nil (and
    /// left out of the JSON): every folder was searched.
    public var unseen: [Unseen]?
    /// How many things went unseen when there were more than `unseen` lists (it keeps the
    /// first `max_matches`). Nil (and left out of the JSON): `unseen` lists them all.
    public var unseenTotal: Int?

    public init(total: Int, matches: [GlobMatch], unseen: [Unseen]? = nil, unseenTotal: Int? = nil) {
        self.total = total
        self.matches = matches
        self.unseen = unseen
        self.unseenTotal = unseenTotal.flatMap { $0 > (unseen?.count ?? 0) ? $0 : nil }
    }

    public var isTruncated: Bool { total > matches.count }
}

public struct GlobMatch: Sendable, Codable, Equatable {
    public var path: String
    public var file: FileObservation

    public init(path: String, file: FileObservation) {
        self.path = path
        self.file = file
    }
}

/// A file's bytes (following symlinks, unlike `FileObservation`), or why there are none.
///
/// A saved plan keeps the bytes' SHA-256 instead of the bytes (`withoutBytes`): what a step
/// decided on them is in the plan already, and `apply` gets them again from its own probe,
/// checked against the hash. A plan of hosts answering at their maximum would otherwise hold
/// (and write) every file's bytes — 64 MiB a glob.
public struct ContentObservation: Sendable, Codable, Equatable {
    public var kind: FileKind
    /// The whole file; nil unless `kind` is `.regular` and it fit in the limit, or once dropped
    /// (`sha256` then stands for them). Setting it hashes the new bytes.
    public var bytes: Data? {
        get { heldBytes }
        set {
            heldBytes = newValue
            sha256 = newValue.map { SHA256.hex(of: $0) }
        }
    }
    /// The file is longer than the limit it was fetched with; nothing of it was kept.
    public var tooLarge: Bool
    /// Why the bytes (or whether anything is there: `kind` is `.unknown`) could not be read.
    /// Nil (and left out of the JSON): seen, or `tooLarge`.
    public var unseen: Unseen?
    /// The SHA-256 of the bytes, held or dropped, worked out once (a 64 MiB answer is not hashed
    /// again at each comparison); nil when none were read. In the JSON only once they are dropped.
    public private(set) var sha256: String?
    private var heldBytes: Data?

    public init(kind: FileKind, bytes: Data? = nil, tooLarge: Bool = false, unseen: Unseen? = nil) {
        self.kind = kind
        self.tooLarge = tooLarge
        self.unseen = unseen
        self.bytes = bytes
    }

    /// A regular file's bytes whose SHA-256 the caller has just checked: not hashed again.
    package init(bytes: Data, sha256: String) {
        self.init(kind: .regular)
        heldBytes = bytes
        self.sha256 = sha256
    }

    enum CodingKeys: String, CodingKey {
        case kind, bytes, tooLarge, unseen, sha256
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(FileKind.self, forKey: .kind)
        tooLarge = try container.decode(Bool.self, forKey: .tooLarge)
        unseen = try container.decodeIfPresent(Unseen.self, forKey: .unseen)
        bytes = try container.decodeIfPresent(Data.self, forKey: .bytes)
        if heldBytes == nil { sha256 = try container.decodeIfPresent(String.self, forKey: .sha256) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(heldBytes, forKey: .bytes)
        try container.encode(tooLarge, forKey: .tooLarge)
        try container.encodeIfPresent(unseen, forKey: .unseen)
        if heldBytes == nil { try container.encodeIfPresent(sha256, forKey: .sha256) }
    }

    /// The bytes as UTF-8 text (invalid sequences replaced), for pattern matching and diffs.
    public var text: String? { heldBytes.map { String(decoding: $0, as: UTF8.self) } }

    /// The same answer with its bytes replaced by their hash.
    public func withoutBytes() -> ContentObservation {
        var kept = self
        kept.heldBytes = nil
        return kept
    }

    /// The same answer with `other`'s bytes when they are the very bytes it read: dropped ones
    /// come back, held ones are shared (one buffer instead of two equal ones).
    func restoringBytes(from other: ContentObservation?) -> ContentObservation {
        guard let sha256, let other, let bytes = other.heldBytes, other.sha256 == sha256 else { return self }
        var restored = self
        restored.heldBytes = bytes
        return restored
    }

    /// Equal when they say the same of the file; bytes dropped from one compare by their hash.
    public static func == (lhs: ContentObservation, rhs: ContentObservation) -> Bool {
        lhs.kind == rhs.kind && lhs.tooLarge == rhs.tooLarge && lhs.unseen == rhs.unseen && lhs.sha256 == rhs.sha256
    }
}

public struct PackageObservation: Sendable, Codable, Equatable {
    /// `dpkg`, `rpm`, `registry` (windows uninstall keys) or `none` (no package manager found).
    public var manager: String
    /// Installed versions (more than one for multi-arch or side-by-side installs); empty: absent.
    public var versions: [String]

    public init(manager: String, versions: [String]) {
        self.manager = manager
        self.versions = versions
    }

    public var isInstalled: Bool { !versions.isEmpty }
}

public struct ServiceObservation: Sendable, Codable, Equatable {
    /// `systemd`, `scm` (windows) or `none` (no service manager found).
    public var manager: String
    /// As the manager says it: `active`/`inactive`/`failed`…, or `Running`/`Stopped`…; nil: no such service.
    public var activeState: String?
    /// `enabled`/`disabled`/`masked`/`static`…, or `Automatic`/`Manual`/`Disabled`; nil: no such service.
    public var enabledState: String?

    public init(manager: String, activeState: String?, enabledState: String?) {
        self.manager = manager
        self.activeState = activeState
        self.enabledState = enabledState
    }

    public var exists: Bool { enabledState != nil }
    public var isActive: Bool { activeState == "active" || activeState == "Running" }
    /// Whether it starts at boot (`enabled`/`enabled-runtime`; windows `Automatic`, `Boot`, `System`).
    public var startsAtBoot: Bool {
        ["enabled", "enabled-runtime", "Automatic", "Boot", "System"].contains(enabledState ?? "")
    }
}
