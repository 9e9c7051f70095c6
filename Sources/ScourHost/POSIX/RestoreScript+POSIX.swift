import ScourCore

extension RestoreScript {
    /// Linux: the copy takes owner, mode and mtime from the quarantined file (`mv` kept the
    /// original's), set by `cp` on the open file; they must be the manifest's, or nothing is
    /// restored. `ln` into place refuses an existing path atomically. The constant `posixBody`,
    /// then one `restore_files` line.
    package static func posix(_ entries: [QuarantineEntry], folder: String, force: Bool, dryRun: Bool) -> String {
        let files = entries.flatMap { [folder + "/" + ($0.storedAs ?? ""), $0.path, $0.sha256, $0.mode, $0.owner, $0.group, String($0.mtime)] }
        return posixBody + POSIXActions.call("restore_files", [force ? "1" : "0", dryRun ? "1" : "0"] + files) + "\n"
    }

    /// `restore_files FORCE DRY_RUN [STORED DEST SHA256 MODE OWNER GROUP MTIME]...` (FORCE and
    /// DRY_RUN 1 or 0): `RESTORE <n> <code>` for each file.
    static let posixBody = POSIXActions.freshCopy + POSIXActions.realFolder + """
        restore_one() {
          stored=$1 dest=$2 sha=$3 recorded="$4 $5 $6 $7"
          [ -f "$stored" ] || [ -L "$stored" ] || return \(Code.storedMissing.rawValue)
          if [ "$sha" != - ]; then
            h=$(sha256sum < "$stored" | cut -d' ' -f1)
            [ "$h" = "$sha" ] || { echo "quarantined copy has SHA-256 $h" >&2; return \(Code.hashMismatch.rawValue); }
          fi
          if [ "$r_force" = 0 ] && { [ -e "$dest" ] || [ -L "$dest" ]; }; then return \(Code.exists.rawValue); fi
          [ "$r_dry_run" = 0 ] || return 0
          d=${dest%/*}
          [ -n "$d" ] || d=/
          mkdir -p -- "$d" || return 1
          real_folder "$dest" || return 1
          fresh_copy "$stored" "$d" || return 1
          m=$(stat -c '%a %U %G %Y' -- "$copy")
          if [ "$m" != "$recorded" ]; then
            rm -f -- "$copy"
            printf 'the quarantined copy has mode, owner, group and mtime %s, the manifest %s\\n' "$m" "$recorded" >&2
            return 1
          fi
          if [ ! -L "$copy" ] && [ "$sha" != - ]; then
            h=$(sha256sum < "$copy" | cut -d' ' -f1)
            [ "$h" = "$sha" ] || { rm -f -- "$copy"; return \(Code.hashMismatch.rawValue); }
          fi
          if [ "$r_force" = 1 ]; then mv -T -f -- "$copy" "$dest" || { rm -f -- "$copy"; return 1; }
          else ln -- "$copy" "$dest" 2>/dev/null || { rm -f -- "$copy"; return \(Code.exists.rawValue); }; rm -f -- "$copy"
          fi
          sync -- "$dest" "$d"
        }
        restore_files() {
          r_force=$1 r_dry_run=$2
          shift 2
          r_n=0
          while [ "$#" -ge 7 ]; do
            restore_one "$1" "$2" "$3" "$4" "$5" "$6" "$7"
            echo "RESTORE $r_n $?"
            shift 7
            r_n=$((r_n + 1))
          done
        }

        """
}
