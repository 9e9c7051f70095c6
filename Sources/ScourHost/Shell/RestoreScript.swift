import ScourCore

/// The script that puts quarantined files back (POSIX sh, or PowerShell for windows). Each file
/// is copied from the quarantine to a fresh temporary name beside its original path
/// (`fresh_copy`, `New-FreshCopy`: never through a link planted there), its SHA-256 checked
/// against the manifest, its owner, mode and mtime those of the manifest, and then linked into
/// place — `ln` fails if the path exists, so nothing that appeared since is overwritten (unless
/// forced: then `mv -T -f`, atomic). The quarantined copy stays. One line per file on stdout:
/// `RESTORE <n> <code>`.
package enum RestoreScript {
    /// The code of one file; each number means what it means in `ScriptExit`'s table.
    package enum Code: Int {
        case restored = 0
        /// Something is at the path now (`--force` replaces it).
        case exists = 92
        case storedMissing = 94
        case hashMismatch = 95
    }
}
