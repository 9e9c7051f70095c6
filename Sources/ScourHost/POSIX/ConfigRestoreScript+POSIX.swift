import ScourCore

extension ConfigRestoreScript {
    package static func posix(_ edits: [ConfigEdit], force: Bool, dryRun: Bool) -> String {
        var script = POSIXActions.putBack + """
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
              if [ \(force ? "1" : "0") = 0 ] && [ "$now" != "has SHA-256 $4" ]; then why="it $now"; return \(Code.changedSince.rawValue); fi
              [ \(dryRun ? "1" : "0") = 0 ] || return 0
              put_back "$2" "$1"
            }

            """
        for (index, edit) in edits.enumerated() {
            let arguments = [edit.path, edit.backup, edit.sha256Before, edit.sha256After, edit.posixMetadata].map(ShellQuote.posix)
            script += "restore_config \(arguments.joined(separator: " "))\n"
            script += "echo \"CONFIG \(index) $? $why\"\n"
        }
        return script
    }
}
