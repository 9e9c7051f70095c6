import ScourCore

extension RestoreScript {
    /// Windows: the copy (`New-FreshCopy`) gets the quarantined file's ACL (which `Move-Item`
    /// kept), and the manifest's attributes and last write time; `[IO.File]::Move` refuses an
    /// existing path.
    package static func powerShell(_ entries: [QuarantineEntry], folder: String, force: Bool, dryRun: Bool) -> String {
        var script = """
            $ErrorActionPreference = 'Stop'
            $ProgressPreference = 'SilentlyContinue'

            """ + PowerShellActions.freshCopy + PowerShellActions.noReparsePoints + """
            function Restore-One([string]$stored, [string]$dest, [string]$sha, [string]$attributes, [int64]$mtime, [bool]$force, [bool]$dryRun) {
              if (-not (Test-Path -LiteralPath $stored)) { return \(Code.storedMissing.rawValue) }
              if ($sha -ne '-') {
                $h = (Get-FileHash -LiteralPath $stored -Algorithm SHA256).Hash.ToLowerInvariant()
                if ($h -ne $sha) { [Console]::Error.WriteLine("quarantined copy has SHA-256 $h"); return \(Code.hashMismatch.rawValue) }
              }
              if (-not $force -and (Test-Path -LiteralPath $dest)) { return \(Code.exists.rawValue) }
              if ($dryRun) { return 0 }
              try {
                $d = [IO.Path]::GetDirectoryName($dest)
                New-Item -ItemType Directory -Force -Path $d | Out-Null
                Assert-NoReparsePoint $d
                $t = New-FreshCopy $stored $d
                if ($sha -ne '-' -and (Get-FileHash -LiteralPath $t -Algorithm SHA256).Hash.ToLowerInvariant() -ne $sha) { Remove-Item -LiteralPath $t -Force; return \(Code.hashMismatch.rawValue) }
                Set-Acl -LiteralPath $t -AclObject (Get-Acl -LiteralPath $stored)
                $item = Get-Item -LiteralPath $t -Force
                $item.LastWriteTimeUtc = [DateTimeOffset]::FromUnixTimeSeconds($mtime).UtcDateTime
                $item.Attributes = $attributes
                if ($force) { Move-Item -LiteralPath $t -Destination $dest -Force }
                else { try { [IO.File]::Move($t, $dest) } catch { Remove-Item -LiteralPath $t -Force; return \(Code.exists.rawValue) } }
                return 0
              } catch {
                if ($t) { Remove-Item -LiteralPath $t -Force -ErrorAction SilentlyContinue }
                [Console]::Error.WriteLine($_.Exception.Message); return 1
              }
            }

            """
        let flags = "\(force ? "$true" : "$false") \(dryRun ? "$true" : "$false")"
        for (index, entry) in entries.enumerated() {
            let arguments = [folder + "\\" + (entry.storedAs ?? ""), entry.path, entry.sha256, entry.mode].map(ShellQuote.powerShell)
            script += "Write-Output ('RESTORE \(index) ' + (Restore-One \(arguments.joined(separator: " ")) \(entry.mtime) \(flags)))\n"
        }
        return script
    }
}
