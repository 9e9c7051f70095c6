import ScourCore

extension ConfigRestoreScript {
    /// Windows: the backup's attributes and last write time are checked against the record
    /// (its ACL is the backup folder's: `Put-Back` gives the copy the config's own).
    package static func powerShell(_ edits: [ConfigEdit], force: Bool, dryRun: Bool) -> String {
        var script = """
            $ErrorActionPreference = 'Stop'
            $ProgressPreference = 'SilentlyContinue'

            """ + PowerShellActions.putBack + """
            function Restore-Config([string]$config, [string]$backup, [string]$before, [string]$after, [string]$attributes, [int64]$mtime, [bool]$force, [bool]$dryRun) {
              $script:why = ''
              $item = Get-Item -LiteralPath $config -Force -ErrorAction SilentlyContinue
              $now = 'is missing'
              if ($null -ne $item) {
                if ($item.Attributes -band [IO.FileAttributes]::ReparsePoint) { $now = 'is a link' }
                elseif ($item.PSIsContainer) { $now = 'is not a regular file' }
                else { $now = 'has SHA-256 ' + (Get-FileHash -LiteralPath $config -Algorithm SHA256).Hash.ToLowerInvariant() }
              }
              if ($now -eq "has SHA-256 $before") { return \(Code.alreadyOriginal.rawValue) }
              $b = Get-Item -LiteralPath $backup -Force -ErrorAction SilentlyContinue
              if ($null -eq $b -or $b.PSIsContainer) { $script:why = 'no backup at ' + $backup; return \(Code.backupMissing.rawValue) }
              $h = (Get-FileHash -LiteralPath $backup -Algorithm SHA256).Hash.ToLowerInvariant()
              if ($h -ne $before) { $script:why = "the backup has SHA-256 $h"; return \(Code.backupMismatch.rawValue) }
              $m = [int64]($b.LastWriteTimeUtc - [DateTime]::new(1970, 1, 1, 0, 0, 0, 'Utc')).TotalSeconds
              if ($attributes -ne '' -and ([string]$b.Attributes -ne $attributes -or $m -ne $mtime)) { $script:why = "the backup's attributes and last write time are $($b.Attributes), $m"; return \(Code.backupMismatch.rawValue) }
              if (-not $force -and $now -ne "has SHA-256 $after") { $script:why = "it $now"; return \(Code.changedSince.rawValue) }
              if ($dryRun) { return 0 }
              try { Put-Back $backup $config; return 0 } catch { $script:why = $_.Exception.Message; return 1 }
            }

            """
        let flags = "\(force ? "$true" : "$false") \(dryRun ? "$true" : "$false")"
        for (index, edit) in edits.enumerated() {
            let arguments = [edit.path, edit.backup, edit.sha256Before, edit.sha256After, edit.mode ?? ""].map(ShellQuote.powerShell)
            script += "$code = Restore-Config \(arguments.joined(separator: " ")) \(edit.mtime ?? 0) \(flags)\n"
            script += "Write-Output ('CONFIG \(index) ' + $code + ' ' + $script:why)\n"
        }
        return script
    }
}
