import ScourCore
import ScourSSH

/// The script that puts edited config files back from their backups (POSIX sh, or PowerShell
/// for windows), each checked against the run's record first: the backup must still be the
/// original (its SHA-256, and its mode, owner, group and mtime where recorded), and the config
/// must still be what scour wrote — else it changed since, and is left alone unless forced. A
/// config that already has the original's bytes is left as it is, backup or not (an edit cut
/// off before it replaced the file). The backup is written back by
/// `put_back` (`LinuxActions.putBack`, `WindowsActions.putBack`) and stays.
/// One line per config on stdout: `CONFIG <n> <code> <why>`.
enum ConfigRestoreScript {
    enum Code: Int {
        case restored = 0
        case alreadyOriginal = 93
        case backupMissing = 94
        case backupMismatch = 95
        case changedSince = 96
    }


    static func posix(_ edits: [ConfigEdit], force: Bool, dryRun: Bool) -> String {
        var script = LinuxActions.putBack + """
            restore_config() {
              why=
              if [ -L "$1" ]; then now="is a symbolic link"
              elif [ -f "$1" ]; then now=$(sha256sum < "$1"); now="has SHA-256 ${now%% *}"
              elif [ -e "$1" ]; then now="is not a regular file"
              else now="is missing"
              fi
              [ "$now" != "has SHA-256 $3" ] || return 93
              { [ -f "$2" ] && [ ! -L "$2" ]; } || { why="no backup at $2"; return 94; }
              h=$(sha256sum < "$2"); h=${h%% *}
              [ "$h" = "$3" ] || { why="the backup has SHA-256 $h"; return 95; }
              m=$(stat -c '%a %U %G %Y' -- "$2")
              [ -z "$5" ] || [ "$m" = "$5" ] || { why="the backup's mode, owner, group and mtime are $m"; return 95; }
              if [ \(force ? "1" : "0") = 0 ] && [ "$now" != "has SHA-256 $4" ]; then why="it $now"; return 96; fi
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

    /// Windows: the backup's attributes and last write time are checked against the record
    /// (its ACL is the backup folder's: `Put-Back` gives the copy the config's own).
    static func powerShell(_ edits: [ConfigEdit], force: Bool, dryRun: Bool) -> String {
        var script = """
            $ErrorActionPreference = 'Stop'
            $ProgressPreference = 'SilentlyContinue'

            """ + WindowsActions.putBack + """
            function Restore-Config([string]$config, [string]$backup, [string]$before, [string]$after, [string]$attributes, [int64]$mtime) {
              $script:why = ''
              $item = Get-Item -LiteralPath $config -Force -ErrorAction SilentlyContinue
              $now = 'is missing'
              if ($null -ne $item) {
                if ($item.Attributes -band [IO.FileAttributes]::ReparsePoint) { $now = 'is a link' }
                elseif ($item.PSIsContainer) { $now = 'is not a regular file' }
                else { $now = 'has SHA-256 ' + (Get-FileHash -LiteralPath $config -Algorithm SHA256).Hash.ToLowerInvariant() }
              }
              if ($now -eq "has SHA-256 $before") { return 93 }
              $b = Get-Item -LiteralPath $backup -Force -ErrorAction SilentlyContinue
              if ($null -eq $b -or $b.PSIsContainer) { $script:why = 'no backup at ' + $backup; return 94 }
              $h = (Get-FileHash -LiteralPath $backup -Algorithm SHA256).Hash.ToLowerInvariant()
              if ($h -ne $before) { $script:why = "the backup has SHA-256 $h"; return 95 }
              $m = [int64]($b.LastWriteTimeUtc - [DateTime]::new(1970, 1, 1, 0, 0, 0, 'Utc')).TotalSeconds
              if ($attributes -ne '' -and ([string]$b.Attributes -ne $attributes -or $m -ne $mtime)) { $script:why = "the backup's attributes and last write time are $($b.Attributes), $m"; return 95 }
              if (\(force ? "$false" : "$true") -and $now -ne "has SHA-256 $after") { $script:why = "it $now"; return 96 }
              if (\(dryRun ? "$true" : "$false")) { return 0 }
              try { Put-Back $backup $config; return 0 } catch { $script:why = $_.Exception.Message; return 1 }
            }

            """
        for (index, edit) in edits.enumerated() {
            let arguments = [edit.path, edit.backup, edit.sha256Before, edit.sha256After, edit.mode ?? ""].map(ShellQuote.powerShell)
            script += "$code = Restore-Config \(arguments.joined(separator: " ")) \(edit.mtime ?? 0)\n"
            script += "Write-Output ('CONFIG \(index) ' + $code + ' ' + $script:why)\n"
        }
        return script
    }
}
