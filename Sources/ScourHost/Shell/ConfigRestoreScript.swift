import ScourCore

/// The script that puts edited config files back from their backups (POSIX sh, or PowerShell
/// for windows), each checked against the run's record first: the backup must still be the
/// original (its SHA-256, and its mode, owner, group and mtime where recorded), and the config
/// must still be what scour wrote — else it changed since, and is left alone unless forced. A
/// config that already has the original's bytes is left as it is, backup or not (an edit cut
/// off before it replaced the file). The backup is written back by
/// `put_back` (`POSIXActions.putBack`, `PowerShellActions.putBack`) and stays.
/// One line per config on stdout: `CONFIG <n> <code> <why>`.
package enum ConfigRestoreScript {
    /// The code of one config; each number means what it means in `ScriptExit`'s table.
    package enum Code: Int {
        case restored = 0
        case alreadyOriginal = 93
        case backupMissing = 94
        case backupMismatch = 95
        /// The config is no longer what Scour wrote (`--force` replaces it).
        case changedSince = 96
    }
}
