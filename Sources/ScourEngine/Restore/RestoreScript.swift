import ScourCore
import ScourSSH

/// The POSIX sh that puts quarantined files back. Each file is copied from the quarantine to a
/// temporary name beside its original path, its SHA-256 checked against the manifest, its
/// owner, mode and mtime set, and then linked into place — `ln` fails if the path exists,
/// so nothing that appeared since is overwritten (unless forced: then `mv -f`, atomic).
/// The quarantined copy stays. One line per file on stdout: `RESTORE <n> <code>`.
enum RestoreScript {
    enum Code: Int {
        case restored = 0
        case storedMissing = 94
        case hashMismatch = 95
        case exists = 96
    }

    static func render(_ entries: [QuarantineEntry], folder: String, force: Bool, dryRun: Bool) -> String {
        var script = """
            restore_one() {
              n=$1 stored=$2 dest=$3 sha=$4 mode=$5 owner=$6 group=$7 mtime=$8
              [ -f "$stored" ] || [ -L "$stored" ] || return 94
              if [ "$sha" != - ]; then
                h=$(sha256sum < "$stored" | cut -d' ' -f1)
                [ "$h" = "$sha" ] || { echo "quarantined copy has SHA-256 $h" >&2; return 95; }
              fi
              if [ \(force ? "1" : "0") = 0 ] && { [ -e "$dest" ] || [ -L "$dest" ]; }; then return 96; fi
              [ \(dryRun ? "1" : "0") = 0 ] || return 0
              d=$(dirname -- "$dest")
              mkdir -p -- "$d" || return 1
              t="$d/.scour-restore-$$-$n"
              cp -P -- "$stored" "$t" || return 1
              if [ -L "$t" ]; then
                chown -h -- "$owner:$group" "$t" && touch -h -m -d "@$mtime" -- "$t" || { rm -f -- "$t"; return 1; }
              else
                h=$(sha256sum < "$t" | cut -d' ' -f1)
                if [ "$sha" != - ] && [ "$h" != "$sha" ]; then rm -f -- "$t"; return 95; fi
                chown -- "$owner:$group" "$t" && chmod -- "$mode" "$t" && touch -m -d "@$mtime" -- "$t" || { rm -f -- "$t"; return 1; }
              fi
              if [ \(force ? "1" : "0") = 1 ]; then mv -f -- "$t" "$dest" || { rm -f -- "$t"; return 1; }
              else ln -- "$t" "$dest" 2>/dev/null || { rm -f -- "$t"; return 96; }; rm -f -- "$t"
              fi
              sync
            }

            """
        for (index, entry) in entries.enumerated() {
            let arguments = [folder + "/" + (entry.storedAs ?? ""), entry.path, entry.sha256, entry.mode, entry.owner, entry.group, String(entry.mtime)]
            script += "restore_one \(index) " + arguments.map(ShellQuote.posix).joined(separator: " ") + "\n"
            script += "echo \"RESTORE \(index) $?\"\n"
        }
        return script
    }
}
