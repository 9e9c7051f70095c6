import Foundation
import ScourSSH

/// The PowerShell scripts that change a windows host, the counterparts of `LinuxActions`.
/// They travel on stdin behind the constant `-EncodedCommand` bootstrap, values as verbatim
/// strings (`ShellQuote.powerShell`), and stop at the first error. This machine cannot run
/// PowerShell: they are pinned by golden files (Tests/Golden/Actions) and reviewed as text.
enum WindowsActions {
    static func quarantineFolder(run: String) -> String { #"C:\ProgramData\Scour\quarantine\"# + run }
    static func backupFolder(run: String) -> String { #"C:\ProgramData\Scour\backups\"# + run }
    /// The backup of `config`: the whole path as one name (`C:` → `C`), so two configs never collide.
    static func backup(of config: String, run: String) -> String {
        backupFolder(run: run) + "\\" + config.replacingOccurrences(of: "\\", with: "%").replacingOccurrences(of: ":", with: "")
    }

    private static let prelude = "$ErrorActionPreference = 'Stop'\n$ProgressPreference = 'SilentlyContinue'\n"

    /// Moves (or deletes) each existing path, appending a JSON line per file to the manifest
    /// with the same fields as on linux (`mode` holds the file's attributes, `owner`/`group` its ACL's).
    static func quarantine(_ paths: [String], run: String, step: String, delete: Bool) -> String {
        var script = prelude + """
            $q = \(ShellQuote.powerShell(quarantineFolder(run: run)))
            New-Item -ItemType Directory -Force -Path $q | Out-Null
            function Quarantine-One([string]$p, [int]$i) {
              if (-not (Test-Path -LiteralPath $p)) { return }
              $item = Get-Item -LiteralPath $p -Force
              $acl = Get-Acl -LiteralPath $p
              $hash = if ($item.PSIsContainer) { '-' } else { (Get-FileHash -LiteralPath $p -Algorithm SHA256).Hash.ToLowerInvariant() }
              $name = [string][DateTime]::UtcNow.Ticks + '-' + $i
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

    /// Backs `config` up, gives the staged file the original's ACL, and moves it into place.
    static func replaceConfig(_ config: String, staged: String, run: String) -> String {
        let backup = backup(of: config, run: run)
        return prelude + """
            New-Item -ItemType Directory -Force -Path \(ShellQuote.powerShell(backupFolder(run: run))) | Out-Null
            if (-not (Test-Path -LiteralPath \(ShellQuote.powerShell(backup)))) { Copy-Item -LiteralPath \(ShellQuote.powerShell(config)) -Destination \(ShellQuote.powerShell(backup)) }
            Set-Acl -LiteralPath \(ShellQuote.powerShell(staged)) -AclObject (Get-Acl -LiteralPath \(ShellQuote.powerShell(config)))
            Move-Item -LiteralPath \(ShellQuote.powerShell(staged)) -Destination \(ShellQuote.powerShell(config)) -Force

            """
    }

    static func restoreConfig(_ config: String, run: String) -> String {
        let backup = backup(of: config, run: run)
        return prelude + "Copy-Item -LiteralPath \(ShellQuote.powerShell(backup)) -Destination \(ShellQuote.powerShell(config)) -Force\n"
    }

    static func stopAndDisable(_ service: String) -> String {
        prelude + "Stop-Service -Name \(ShellQuote.powerShell(service)) -Force\nSet-Service -Name \(ShellQuote.powerShell(service)) -StartupType Disabled\n"
    }

    static func makeFolder(of path: String) -> String {
        let folder = String(path[..<(path.lastIndex(of: "\\") ?? path.endIndex)])
        return prelude + "New-Item -ItemType Directory -Force -Path \(ShellQuote.powerShell(folder)) | Out-Null\n"
    }

    static func rebootMarker(run: String, step: String) -> String { #"C:\ProgramData\Scour\reboots\"# + "\(run).\(step)" }

    /// Notes the boot (see `LinuxActions.rebootMarker`); `shutdown /r /t 2` returns at once
    /// and reboots two seconds later.
    static func reboot(marker: String) -> String {
        """
        $ErrorActionPreference = 'Stop'
        New-Item -ItemType Directory -Force -Path 'C:\\ProgramData\\Scour\\reboots' | Out-Null
        Set-Content -LiteralPath \(ShellQuote.powerShell(marker)) -Value (\(bootID.trimmingCharacters(in: .newlines)))
        shutdown.exe /r /t 2 /c 'scour: reboot step' /d p:4:1

        """
    }

    /// The last boot time, UTC, ISO 8601: windows' boot identity.
    static let bootID = "(Get-CimInstance Win32_OperatingSystem).LastBootUpTime.ToUniversalTime().ToString('o')\n"
}
