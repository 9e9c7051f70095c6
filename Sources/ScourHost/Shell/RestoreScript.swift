import ScourCore

/// The script that puts quarantined files back (POSIX sh, or PowerShell for windows). Each file
/// is copied from the quarantine to a fresh temporary name beside its original path
/// (`fresh_copy`, `New-FreshCopy`: never through a link planted there), its SHA-256 checked
/// against the manifest, its owner, mode and mtime those of the manifest, and then linked into
/// place — `ln` fails if the path exists, so nothing that appeared since is overwritten (unless
/// forced: then `mv -T -f`, atomic). The quarantined copy stays. One line per file on stdout:
/// `RESTORE <n> <code>`.
package enum RestoreScript {
    package enum Code: Int {
        case restored = 0
        case storedMissing = 94
        case hashMismatch = 95
        case exists = 96
    }

}
