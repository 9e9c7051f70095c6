import ScourCore

extension ConfigRestoreScript {
    /// The constant `posixBody`, then one `restore_configs` line.
    package static func posix(_ edits: [ConfigEdit], force: Bool, dryRun: Bool) -> String {
        let configs = edits.flatMap { [$0.path, $0.backup, $0.sha256Before, $0.sha256After, $0.posixMetadata] }
        return posixBody + POSIXActions.call("restore_configs", [force ? "1" : "0", dryRun ? "1" : "0"] + configs) + "\n"
    }

    /// `restore_configs FORCE DRY_RUN [CONFIG BACKUP SHA256_BEFORE SHA256_AFTER METADATA]...`
    /// (FORCE and DRY_RUN 1 or 0; METADATA the backup's recorded `mode owner group mtime`, or
    /// empty): `CONFIG <n> <code> <why>` for each config.
    static let posixBody = POSIXActions.putBack + """
        restore_config() {
          why=
          if [ -L "$1" ]; then now="is a symbolic link"
          elif [ -f "$1" ]; then now=$(sha256sum < "$1"); now="has SHA-256 ${now%% *}"
          elif [ -e "$1" ]; then now="is not a regular file"
          else now="is missing"
          fi
          [ "$now" != "has SHA-256 $3" ] || return \(Code.alreadyOriginal.rawValue)
          { [ -f "$2" ] && [ ! -L "$2" ]; } || { why="no backup at $2"; return \(Code.backupMissing.rawValue); }
          h=$(sha256sum < "$2"); h=${h%% *}
          [ "$h" = "$3" ] || { why="the backup has SHA-256 $h"; return \(Code.backupMismatch.rawValue); }
          m=$(stat -c '%a %U %G %Y' -- "$2")
          [ -z "$5" ] || [ "$m" = "$5" ] || { why="the backup's mode, owner, group and mtime are $m"; return \(Code.backupMismatch.rawValue); }
          if [ "$c_force" = 0 ] && [ "$now" != "has SHA-256 $4" ]; then why="it $now"; return \(Code.changedSince.rawValue); fi
          [ "$c_dry_run" = 0 ] || return 0
          put_back "$2" "$1"
        }
        restore_configs() {
          c_force=$1 c_dry_run=$2
          shift 2
          c_n=0
          while [ "$#" -ge 5 ]; do
            restore_config "$1" "$2" "$3" "$4" "$5"
            printf 'CONFIG %s %s %s\\n' "$c_n" "$?" "$why"
            shift 5
            c_n=$((c_n + 1))
          done
        }

        """
}
