import ScourCore
import ScourSSH

/// The script that puts quarantined files back (POSIX sh, or PowerShell for windows). Each file is copied from the quarantine to a
/// temporary name beside its original path, its SHA-256 checked against the manifest, its
/// owner, mode and mtime set, and then linked into place — `ln` fails if the path exists,
/// so nothing that appeared since is overwritten (unless forced: then `mv -f`, atomic).
/// The quarantined copy stays. One line per file on stdout: `RESTORE <n> <code>`.
enum RestoreScript {
    enum Code: Int {
        case restored = 0
        case storedMissing = 94
        case hashMismatch = 95
        case exists = 96
    }

    static func render(_ entries: [QuarantineEntry], folder: String, force: Bool, dryRun: Bool, platform: Platform) -> String {
        platform == .linux ? posix(entries, folder: folder, force: force, dryRun: dryRun)
            : powerShell(entries, folder: folder, force: force, dryRun: dryRun)
    }

    /// Linux: `ln` into place refuses an existing path atomically.
    private static func posix(_ entries: [QuarantineEntry], folder: String, force: Bool, dryRun: Bool) -> String {
        var script = """
            restore_one() {
              n=$1 stored=$2 dest=$3 sha=$4 mode=$5 owner=$6 group=$7 mtime=$8
              [ -f "$stored" ] || [ -L "$stored" ] || return 94
              if [ "$sha" != - ]; then
                h=$(sha256sum < "$stored" | cut -d' ' -f1)
                [ "$h" = "$sha" ] || { echo "quarantined copy has SHA-256 $h" >&2; return 95; }
              fi
              if [ \(force ? "1" : "0") = 0 ] && { [ -e "$dest" ] || [ -L "$dest" ]; }; then return 96; fi
              [ \(dryRun ? "1" : "0") = 0 ] || return 0
              d=$(dirname -- "$dest")
              mkdir -p -- "$d" || return 1
              t="$d/.scour-restore-$$-$n"
              cp -P -- "$stored" "$t" || return 1
              if [ -L "$t" ]; then
                chown -h -- "$owner:$group" "$t" && touch -h -m -d "@$mtime" -- "$t" || { rm -f -- "$t"; return 1; }
              else
                h=$(sha256sum < "$t" | cut -d' ' -f1)
                if [ "$sha" != - ] && [ "$h" != "$sha" ]; then rm -f -- "$t"; return 95; fi
                chown -- "$owner:$group" "$t" && chmod -- "$mode" "$t" && touch -m -d "@$mtime" -- "$t" || { rm -f -- "$t"; return 1; }
              fi
              if [ \(force ? "1" : "0") = 1 ]; then mv -f -- "$t" "$dest" || { rm -f -- "$t"; return 1; }
              else ln -- "$t" "$dest" 2>/dev/null || { rm -f -- "$t"; return 96; }; rm -f -- "$t"
              fi
              sync -- "$dest" "$d"
            }

            """
        for (index, entry) in entries.enumerated() {
            let arguments = [folder + "/" + (entry.storedAs ?? ""), entry.path, entry.sha256, entry.mode, entry.owner, entry.group, String(entry.mtime)]
            script += "restore_one \(index) " + arguments.map(ShellQuote.posix).joined(separator: " ") + "\n"
            script += "echo \"RESTORE \(index) $?\"\n"
        }
        return script
    }

    /// Windows: the copy gets the quarantined file's ACL (which `Move-Item` kept), attributes
    /// and last write time; `[IO.File]::Move` refuses an existing path.
    private static func powerShell(_ entries: [QuarantineEntry], folder: String, force: Bool, dryRun: Bool) -> String {
        var script = """
            $ErrorActionPreference = 'Stop'
            $ProgressPreference = 'SilentlyContinue'
            function Restore-One([int]$n, [string]$stored, [string]$dest, [string]$sha, [string]$attributes, [int64]$mtime) {
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
                $t = Join-Path $d ('.scour-restore-' + $PID + '-' + $n)
                Copy-Item -LiteralPath $stored -Destination $t -Force
                if ($sha -ne '-' -and (Get-FileHash -LiteralPath $t -Algorithm SHA256).Hash.ToLowerInvariant() -ne $sha) { Remove-Item -LiteralPath $t -Force; return 95 }
                Set-Acl -LiteralPath $t -AclObject (Get-Acl -LiteralPath $stored)
                $item = Get-Item -LiteralPath $t -Force
                $item.LastWriteTimeUtc = [DateTimeOffset]::FromUnixTimeSeconds($mtime).UtcDateTime
                $item.Attributes = $attributes
                if (\(force ? "$true" : "$false")) { Move-Item -LiteralPath $t -Destination $dest -Force }
                else { try { [IO.File]::Move($t, $dest) } catch { Remove-Item -LiteralPath $t -Force; return 96 } }
                return 0
              } catch { [Console]::Error.WriteLine($_.Exception.Message); return 1 }
            }

            """
        for (index, entry) in entries.enumerated() {
            let arguments = [folder + "\\" + (entry.storedAs ?? ""), entry.path, entry.sha256, entry.mode].map(ShellQuote.powerShell)
            script += "Write-Output ('RESTORE \(index) ' + (Restore-One \(index) \(arguments.joined(separator: " ")) \(entry.mtime)))\n"
        }
        return script
    }
}
