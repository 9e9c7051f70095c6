/// What `scour restore` did with one file or config, as the journal records it
/// (`file_restored`'s `status`) and the reports show it.
public enum RestoreStatus: String, Sendable, Codable {
    case restored
    /// `--dry-run`: every check passed (never journaled: a dry run writes nothing).
    case wouldRestore = "would_restore"
    /// Something is at the path now; `--force` replaces it.
    case exists
    /// A config is no longer what scour wrote; `--force` replaces it.
    case changedSince = "changed_since"
    /// A config has the original's bytes already: nothing to do.
    case alreadyRestored = "already_restored"
    /// The quarantined copy, or a config's backup, is not what was recorded.
    case hashMismatch = "hash_mismatch"
    /// The quarantined copy, or a config's backup, is missing.
    case storedMissing = "stored_missing"
    /// The step deleted it (`mode = delete`): nothing was kept.
    case deleted
    case failed
}
