import Foundation

/// The PowerShell scripts that change a windows host, the counterparts of `POSIXActions`.
/// They travel on stdin behind the constant `-EncodedCommand` bootstrap, values as verbatim
/// strings (`ShellQuote.powerShell`), and stop at the first error. This machine cannot run
/// PowerShell: they are pinned by golden files (Tests/Golden/Actions) and reviewed as text.
package enum PowerShellActions {
    package static func quarantineFolder(run: String) -> String { #"C:\ProgramData\Scour\quarantine\"# + run }
    package static func backupFolder(run: String) -> String { #"C:\ProgramData\Scour\backups\"# + run }
    /// The backup of `config`: the whole path as one name (`C:` → `C`), so two configs never collide.
    package static func backup(of config: String, run: String) -> String {
        backupFolder(run: run) + "\\" + config.replacingOccurrences(of: "\\", with: "%").replacingOccurrences(of: ":", with: "")
    }

    private static let prelude = "$ErrorActionPreference = 'Stop'\n$ProgressPreference = 'SilentlyContinue'\n"

    /// Moves (or deletes) each existing path, appending a JSON line per file to the manifest
    /// with the same fields as on linux (`mode` holds the file's attributes, `owner`/`group` its ACL's).
    package static func quarantine(_ paths: [String], run: String, step: String, tag: String, delete: Bool) -> String {
        var script = prelude + noReparsePoints + """
            $q = \(ShellQuote.powerShell(quarantineFolder(run: run)))
            New-Item -ItemType Directory -Force -Path $q | Out-Null
            function Quarantine-One([string]$p, [int]$i) {
              if (-not (Test-Path -LiteralPath $p)) { return }
              Assert-NoReparsePoint ([IO.Path]::GetDirectoryName($p))
              $item = Get-Item -LiteralPath $p -Force
              $acl = Get-Acl -LiteralPath $p
              $hash = if ($item.PSIsContainer) { '-' } else { (Get-FileHash -LiteralPath $p -Algorithm SHA256).Hash.ToLowerInvariant() }
              $name = \(ShellQuote.powerShell(tag)) + '-' + $i
              $record = [ordered]@{
                path_base64 = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($p))
                size = [int64]$item.Length; mode = [string]$item.Attributes; owner = [string]$acl.Owner; group = [string]$acl.Group
                mtime = [int64]($item.LastWriteTimeUtc - [DateTime]::new(1970, 1, 1, 0, 0, 0, 'Utc')).TotalSeconds
                sha256 = $hash; step = \(ShellQuote.powerShell(step))
              }

            """
        script += delete
            ? "  Remove-Item -LiteralPath $p -Force\n  $record.deleted = $true\n"
            : "  Move-Item -LiteralPath $p -Destination (Join-Path $q $name)\n  $record.stored_as = $name\n"
        script += """
              Add-Content -LiteralPath (Join-Path $q 'manifest.jsonl') -Value ($record | ConvertTo-Json -Compress) -Encoding UTF8
            }

            """
        for (index, path) in paths.enumerated() {
            script += "Quarantine-One \(ShellQuote.powerShell(path)) \(index)\n"
        }
        return script
    }

    /// Checks `config` still has the SHA-256 `expected` (see `POSIXActions.replaceConfig`), backs
    /// it up (once a run), then puts the staged replacement (in Scour's staging
    /// folder) in its place: refused when the config, its folders or the staged file are reparse
    /// points; copied to a fresh random name in the config's folder (`New-FreshCopy`: `CreateNew`
    /// never opens what is planted there), given the original's ACL and moved over the config.
    /// Then prints the line describing the backup (see `POSIXActions.replaceConfig`).
    package static func replaceConfig(_ config: String, staged: String, run: String, expected: String) -> String {
        let backup = ShellQuote.powerShell(backup(of: config, run: run))
        let (c, s) = (ShellQuote.powerShell(config), ShellQuote.powerShell(staged))
        return prelude + noReparsePoints + freshCopy + """
            Assert-NoReparsePoint \(c)
            Assert-NoReparsePoint \(s)
            $now = (Get-FileHash -LiteralPath \(c) -Algorithm SHA256).Hash.ToLowerInvariant()
            if ($now -ne \(ShellQuote.powerShell(expected))) {
              Remove-Item -LiteralPath \(s) -Force
              [Console]::Error.WriteLine(\(ShellQuote.powerShell(config + " changed on the host since it was read (SHA-256 now ")) + $now + ')')
              exit \(ScriptExit.configChangedSinceRead.rawValue)
            }
            New-Item -ItemType Directory -Force -Path \(ShellQuote.powerShell(backupFolder(run: run))) | Out-Null
            if (-not (Test-Path -LiteralPath \(backup))) { Copy-Item -LiteralPath \(c) -Destination \(backup) }
            $acl = Get-Acl -LiteralPath \(c)
            $written = (Get-FileHash -LiteralPath \(s) -Algorithm SHA256).Hash.ToLowerInvariant()
            $t = New-FreshCopy \(s) ([IO.Path]::GetDirectoryName(\(c)))
            Set-Acl -LiteralPath $t -AclObject $acl
            Move-Item -LiteralPath $t -Destination \(c) -Force
            Remove-Item -LiteralPath \(s) -Force
            $b = Get-Item -LiteralPath \(backup) -Force
            $record = [ordered]@{
              sha256 = (Get-FileHash -LiteralPath \(backup) -Algorithm SHA256).Hash.ToLowerInvariant(); written = $written
              mode = [string]$b.Attributes; owner = [string]$acl.Owner; group = [string]$acl.Group
              mtime = [int64]($b.LastWriteTimeUtc - [DateTime]::new(1970, 1, 1, 0, 0, 0, 'Utc')).TotalSeconds
            }
            Write-Output (\(ShellQuote.powerShell(ConfigEdit.backupLinePrefix)) + ($record | ConvertTo-Json -Compress))

            """
    }

    /// Puts the backup back, byte for byte, with its attributes and last write time (`Put-Back`).
    package static func restoreConfig(_ config: String, run: String) -> String {
        prelude + putBack + "Put-Back \(ShellQuote.powerShell(backup(of: config, run: run))) \(ShellQuote.powerShell(config))\n"
    }

    /// Root of Scour's own files for a config's replacement on its way into place.
    package static func stagingFolder(run: String) -> String { #"C:\ProgramData\Scour\staging\"# + run }
    /// Where `path`'s replacement waits: the whole path as one name (`C:` → `C`).
    package static func staging(of path: String, run: String) -> String {
        stagingFolder(run: run) + "\\" + path.replacingOccurrences(of: "\\", with: "%").replacingOccurrences(of: ":", with: "")
    }

    /// `Assert-NoReparsePoint PATH`: throws when PATH or a folder above it is a reparse point (a
    /// symbolic link or junction) — what is moved or written there would land elsewhere.
    package static let noReparsePoints = """
        function Assert-NoReparsePoint([string]$path) {
          $p = $path
          while ($p) {
            $item = Get-Item -LiteralPath $p -Force -ErrorAction SilentlyContinue
            if ($item -and ($item.Attributes -band [IO.FileAttributes]::ReparsePoint)) { throw "$p is a reparse point (a link): refusing" }
            $p = [IO.Path]::GetDirectoryName($p)
          }
        }

        """

    /// `New-FreshCopy FILE FOLDER`: a copy of FILE's bytes in a new file of a random name in
    /// FOLDER (`CreateNew` fails on anything already there, a link included); returns its path.
    package static let freshCopy = """
        function New-FreshCopy([string]$file, [string]$folder) {
          $t = Join-Path $folder ('.scour-restore.' + [Guid]::NewGuid().ToString('N'))
          $out = [IO.File]::Open($t, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write, [IO.FileShare]::None)
          try {
            $in = [IO.File]::OpenRead($file)
            try { $in.CopyTo($out) } finally { $in.Dispose() }
          } finally { $out.Dispose() }
          return $t
        }

        """

    /// `Put-Back BACKUP CONFIG`: a `New-FreshCopy` of BACKUP in CONFIG's folder, given CONFIG's
    /// ACL (the original's, which the edit kept; BACKUP's if CONFIG is gone) and BACKUP's
    /// attributes and last write time, then moved over CONFIG.
    package static let putBack = freshCopy + noReparsePoints + """
        function Put-Back([string]$backup, [string]$config) {
          Assert-NoReparsePoint ([IO.Path]::GetDirectoryName($config))
          $t = New-FreshCopy $backup ([IO.Path]::GetDirectoryName($config))
          try {
            $aclFrom = if (Test-Path -LiteralPath $config -PathType Leaf) { $config } else { $backup }
            Set-Acl -LiteralPath $t -AclObject (Get-Acl -LiteralPath $aclFrom)
            $source = Get-Item -LiteralPath $backup -Force
            $item = Get-Item -LiteralPath $t -Force
            $item.LastWriteTimeUtc = $source.LastWriteTimeUtc
            $item.Attributes = $source.Attributes
            Move-Item -LiteralPath $t -Destination $config -Force
          } catch { Remove-Item -LiteralPath $t -Force -ErrorAction SilentlyContinue; throw }
        }

        """

    package static func stopAndDisable(_ service: String) -> String {
        prelude + "Stop-Service -Name \(ShellQuote.powerShell(service)) -Force\nSet-Service -Name \(ShellQuote.powerShell(service)) -StartupType Disabled\n"
    }

    package static func makeFolder(of path: String) -> String {
        let folder = String(path[..<(path.lastIndex(of: "\\") ?? path.endIndex)])
        return prelude + "New-Item -ItemType Directory -Force -Path \(ShellQuote.powerShell(folder)) | Out-Null\n"
    }

    package static func rebootMarker(run: String, step: String) -> String { #"C:\ProgramData\Scour\reboots\"# + "\(run).\(step)" }

    /// Notes the boot (see `POSIXActions.rebootMarker`); `shutdown /r /t 2` returns at once
    /// and reboots two seconds later.
    package static func reboot(marker: String) -> String {
        """
        $ErrorActionPreference = 'Stop'
        New-Item -ItemType Directory -Force -Path 'C:\\ProgramData\\Scour\\reboots' | Out-Null
        Set-Content -LiteralPath \(ShellQuote.powerShell(marker)) -Value (\(bootID.trimmingCharacters(in: .newlines)))
        shutdown.exe /r /t 2 /c 'scour: reboot step' /d p:4:1

        """
    }

    /// The last boot time, UTC, ISO 8601: windows' boot identity.
    package static let bootID = "(Get-CimInstance Win32_OperatingSystem).LastBootUpTime.ToUniversalTime().ToString('o')\n"
}
