import ScourCore
import ScourSSH

/// The script that puts quarantined files back (POSIX sh, or PowerShell for windows). Each file
/// is copied from the quarantine to a fresh temporary name beside its original path
/// (`fresh_copy`, `New-FreshCopy`: never through a link planted there), its SHA-256 checked
/// against the manifest, its owner, mode and mtime those of the manifest, and then linked into
/// place — `ln` fails if the path exists, so nothing that appeared since is overwritten (unless
/// forced: then `mv -T -f`, atomic). The quarantined copy stays. One line per file on stdout:
/// `RESTORE <n> <code>`.
enum RestoreScript {
    enum Code: Int {
        case restored = 0
        case storedMissing = 94
        case hashMismatch = 95
        case exists = 96
    }


    /// Linux: the copy takes owner, mode and mtime from the quarantined file (`mv` kept the
    /// original's), set by `cp` on the open file; they must be the manifest's, or nothing is
    /// restored. `ln` into place refuses an existing path atomically.
    static func posix(_ entries: [QuarantineEntry], folder: String, force: Bool, dryRun: Bool) -> String {
        var script = LinuxActions.freshCopy + LinuxActions.realFolder + """
            restore_one() {
              stored=$1 dest=$2 sha=$3 recorded="$4 $5 $6 $7"
              [ -f "$stored" ] || [ -L "$stored" ] || return 94
              if [ "$sha" != - ]; then
                h=$(sha256sum < "$stored" | cut -d' ' -f1)
                [ "$h" = "$sha" ] || { echo "quarantined copy has SHA-256 $h" >&2; return 95; }
              fi
              if [ \(force ? "1" : "0") = 0 ] && { [ -e "$dest" ] || [ -L "$dest" ]; }; then return 96; fi
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
                [ "$h" = "$sha" ] || { rm -f -- "$copy"; return 95; }
              fi
              if [ \(force ? "1" : "0") = 1 ]; then mv -T -f -- "$copy" "$dest" || { rm -f -- "$copy"; return 1; }
              else ln -- "$copy" "$dest" 2>/dev/null || { rm -f -- "$copy"; return 96; }; rm -f -- "$copy"
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

    /// Windows: the copy (`New-FreshCopy`) gets the quarantined file's ACL (which `Move-Item`
    /// kept), and the manifest's attributes and last write time; `[IO.File]::Move` refuses an
    /// existing path.
    static func powerShell(_ entries: [QuarantineEntry], folder: String, force: Bool, dryRun: Bool) -> String {
        var script = """
            $ErrorActionPreference = 'Stop'
            $ProgressPreference = 'SilentlyContinue'

            """ + WindowsActions.freshCopy + WindowsActions.noReparsePoints + """
            function Restore-One([string]$stored, [string]$dest, [string]$sha, [string]$attributes, [int64]$mtime) {
              if (-not (Test-Path -LiteralPath $stored)) { return 94 }
              if ($sha -ne '-') {
                $h = (Get-FileHash -LiteralPath $stored -Algorithm SHA256).Hash.ToLowerInvariant()
                if ($h -ne $sha) { [Console]::Error.WriteLine("quarantined copy has SHA-256 $h"); return 95 }
              }
              if (\(force ? "$false" : "$true") -and (Test-Path -LiteralPath $dest)) { return 96 }
              if (\(dryRun ? "$true" : "$false")) { return 0 }
              try {
                $d = [IO.Path]::GetDirectoryName($dest)
                New-Item -ItemType Directory -Force -Path $d | Out-Null
                Assert-NoReparsePoint $d
                $t = New-FreshCopy $stored $d
                if ($sha -ne '-' -and (Get-FileHash -LiteralPath $t -Algorithm SHA256).Hash.ToLowerInvariant() -ne $sha) { Remove-Item -LiteralPath $t -Force; return 95 }
                Set-Acl -LiteralPath $t -AclObject (Get-Acl -LiteralPath $stored)
                $item = Get-Item -LiteralPath $t -Force
                $item.LastWriteTimeUtc = [DateTimeOffset]::FromUnixTimeSeconds($mtime).UtcDateTime
                $item.Attributes = $attributes
                if (\(force ? "$true" : "$false")) { Move-Item -LiteralPath $t -Destination $dest -Force }
                else { try { [IO.File]::Move($t, $dest) } catch { Remove-Item -LiteralPath $t -Force; return 96 } }
                return 0
              } catch {
                if ($t) { Remove-Item -LiteralPath $t -Force -ErrorAction SilentlyContinue }
                [Console]::Error.WriteLine($_.Exception.Message); return 1
              }
            }

            """
        for (index, entry) in entries.enumerated() {
            let arguments = [folder + "\\" + (entry.storedAs ?? ""), entry.path, entry.sha256, entry.mode].map(ShellQuote.powerShell)
            script += "Write-Output ('RESTORE \(index) ' + (Restore-One \(arguments.joined(separator: " ")) \(entry.mtime)))\n"
        }
        return script
    }
}
