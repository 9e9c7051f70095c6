import ScourCore

extension RestoreScript {
    /// Linux: the copy takes owner, mode and mtime from the quarantined file (`mv` kept the
    /// original's), set by `cp` on the open file; they must be the manifest's, or nothing is
    /// restored. `ln` into place refuses an existing path atomically.
    package static func posix(_ entries: [QuarantineEntry], folder: String, force: Bool, dryRun: Bool) -> String {
        var script = POSIXActions.freshCopy + POSIXActions.realFolder + """
            restore_one() {
              stored=$1 dest=$2 sha=$3 recorded="$4 $5 $6 $7"
              [ -f "$stored" ] || [ -L "$stored" ] || return \(Code.storedMissing.rawValue)
              if [ "$sha" != - ]; then
                h=$(sha256sum < "$stored" | cut -d' ' -f1)
                [ "$h" = "$sha" ] || { echo "quarantined copy has SHA-256 $h" >&2; return \(Code.hashMismatch.rawValue); }
              fi
              if [ \(force ? "1" : "0") = 0 ] && { [ -e "$dest" ] || [ -L "$dest" ]; }; then return \(Code.exists.rawValue); fi
              [ \(dryRun ? "1" : "0") = 0 ] || return 0
              d=${dest%/*}
              [ -n "$d" ] || d=/
              mkdir -p -- "$d" || return 1
              real_folder "$dest" || return 1
              fresh_copy "$stored" "$d" || return 1
              m=$(stat -c '%a %U %G %Y' -- "$copy")
              if [ "$m" != "$recorded" ]; then
                rm -f -- "$copy"
                echo "the quarantined copy has mode, owner, group and mtime $m, the manifest $recorded" >&2
                return 1
              fi
              if [ ! -L "$copy" ] && [ "$sha" != - ]; then
                h=$(sha256sum < "$copy" | cut -d' ' -f1)
                [ "$h" = "$sha" ] || { rm -f -- "$copy"; return \(Code.hashMismatch.rawValue); }
              fi
              if [ \(force ? "1" : "0") = 1 ]; then mv -T -f -- "$copy" "$dest" || { rm -f -- "$copy"; return 1; }
              else ln -- "$copy" "$dest" 2>/dev/null || { rm -f -- "$copy"; return \(Code.exists.rawValue); }; rm -f -- "$copy"
              fi
              sync -- "$dest" "$d"
            }

            """
        for (index, entry) in entries.enumerated() {
            let arguments = [folder + "/" + (entry.storedAs ?? ""), entry.path, entry.sha256, entry.mode, entry.owner, entry.group, String(entry.mtime)]
            script += "restore_one " + arguments.map(ShellQuote.posix).joined(separator: " ") + "\n"
            script += "echo \"RESTORE \(index) $?\"\n"
        }
        return script
    }
}
