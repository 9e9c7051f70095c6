/// One step of a playbook, run in order on each host: check, act, verify.
public struct Step: Sendable, Hashable {
    public var name: String
    /// Nil means always.
    public var when: Condition?
    /// Transient-failure retries; nil means the rollout's.
    public var retries: Int?
    /// Nil means the rollout's `step_timeout`.
    public var timeout: Duration?
    public var action: Action

    public enum Action: Sendable, Hashable {
        case removeFiles(RemoveFiles)
        case stripMappings(StripMappings)
        case reboot(Reboot)
        case applyPatch(ApplyPatch)
        case disableService(service: String)
        case run(command: Template, unless: Template?)
    }

    /// The keyword of the step kind, as written in playbooks.
    public var kind: String {
        switch action {
        case .removeFiles: "remove_files"
        case .stripMappings: "strip_mappings"
        case .reboot: "reboot"
        case .applyPatch: "apply_patch"
        case .disableService: "disable_service"
        case .run: "run"
        }
    }
}

public struct RemoveFiles: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable {
        /// Moved into the run's quarantine with a manifest; `scour restore` puts them back.
        case quarantine
        case delete
    }

    public var paths: [String]
    public var mode: Mode
    /// Set when paths hold globs: the most files one glob may remove on a host.
    public var maxMatches: Int?

    /// Whether a path is a glob (`*`, `?`, `[`), expanded on the host.
    public static func isGlob(_ path: String) -> Bool { PathRules.hasGlob(path) }
}

public struct StripMappings: Sendable, Hashable {
    public var target: MappingTarget
    /// URL paths mapped to the file system (`/c`).
    public var aliases: [String]
    /// Handler extensions (`.ida`).
    public var handlers: [String]
    /// Run after the edit; failing restores the original.
    public var validate: Template?
}

public struct Reboot: Sendable, Hashable {
    /// From the reboot command to a working login.
    public var timeout: Duration
    /// Must succeed after the boot.
    public var test: Template?
}

public struct ApplyPatch: Sendable, Hashable {
    /// Absolute path on the controller (resolved against the playbook's folder).
    public var file: String
    /// As written in the playbook, for messages.
    public var fileAsWritten: String
    /// Lowercase hex.
    public var sha256: String
    public var installed: InstalledCheck
    /// `{file}` stands for the uploaded file's path on the host; nil for the platform default.
    public var install: Template?
}

/// How to tell that a patch is installed.
public enum InstalledCheck: Sendable, Hashable {
    case file(String)
    /// A Debian package, optionally with a version constraint (`>= 2.4.62`).
    case package(name: String, constraint: String?)
    /// A Windows hotfix id (`Q300972`, `KB5005565`).
    case hotfix(String)
    case command(Template)
}
