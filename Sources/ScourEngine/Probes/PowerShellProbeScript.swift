import Foundation
import ScourSSH

/// Renders probe items as one Windows PowerShell 5.1 script (run by `ProbeScript`'s bootstrap).
///
/// Like the POSIX script: a constant prelude of functions, then one line per item passing
/// verbatim string literals ('…', quotes doubled). Paths go through `-LiteralPath` so no
/// wildcard in a name is expanded; only `glob` uses `-Path`. Names are compared with `-eq`
/// (case-insensitive, as Windows is), never handed to a cmdlet's wildcard or WQL filter.
/// Commands run in a child `powershell` so an `exit` in them cannot end the probe.
/// Nothing writes. This machine cannot run PowerShell: the output is golden-tested only.
enum PowerShellProbeScript {
    static func render(_ items: [ProbeItem], nonce: String) -> String {
        let q = ShellQuote.powerShell
        var body = ["Out-Line ('\(ProbeWire.headerTag) \(ProbeWire.version) ' + \(q(nonce)))"]
        for (index, item) in items.enumerated() {
            body.append(line(for: item, index: index))
        }
        body.append("Out-Line ('\(ProbeWire.trailerTag) ' + \(q(nonce)) + ' ' + $script:n)")
        return prelude + body.joined(separator: "\n") + "\n"
    }

    private static func line(for item: ProbeItem, index: Int) -> String {
        let i = String(index)
        if let reason = PowerShellHost().refusal(of: item) {
            return "Rec \(i) '\(ProbeWire.Field.error)' \(ShellQuote.powerShell(reason))"
        }
        let q = ShellQuote.powerShell
        let call: String
        switch item {
        case .facts: call = "P-Facts \(i)"
        case .file(let path): call = "P-File \(i) '' \(q(path))"
        case .glob(let pattern, let maxMatches): call = "P-Glob \(i) \(q(pattern)) \(maxMatches)"
        case .content(let path, let limit): call = "P-Content \(i) \(q(path)) \(limit + 1)"
        case .process(let name): call = "P-Process \(i) \(q(name))"
        case .command(let run, let timeout): call = "P-Command \(i) \(q(run)) \(timeout)"
        case .package(let name): call = "P-Package \(i) \(q(name))"
        case .service(let name): call = "P-Service \(i) \(q(name))"
        case .hotfix(let id): call = "P-Hotfix \(i) \(q(id))"
        }
        return "try { \(call) } catch { Rec \(i) 'error' $_.Exception.Message }"
    }

    private static let prelude = #"""
        # Scour probe (read-only). Protocol: docs/probes.md
        $ErrorActionPreference = 'Stop'
        $script:n = 0
        function Out-Line([string]$text) { [Console]::Out.Write($text + "`n") }
        function Rec-Bytes([string]$i, [string]$f, [byte[]]$b) { $script:n++; Out-Line ($i + ' ' + $f + ' ' + [Convert]::ToBase64String($b)) }
        function Rec([string]$i, [string]$f, [string]$v) { Rec-Bytes $i $f ([Text.Encoding]::UTF8.GetBytes($v)) }
        function P-Facts([string]$i) {
          $os = Get-CimInstance Win32_OperatingSystem
          Rec $i 'hostname' ([Environment]::MachineName)
          Rec $i 'boot_id' ($os.LastBootUpTime.ToUniversalTime().ToString('o'))
          Rec $i 'os' ([string]$os.Caption)
          Rec $i 'kernel' ([string]$os.Version)
        }
        function P-File([string]$i, [string]$pre, [string]$p) {
          $it = Get-Item -LiteralPath $p -Force -ErrorAction SilentlyContinue
          if ($null -eq $it) { Rec $i ($pre + 'type') 'absent'; return }
          if ($it.Attributes -band [IO.FileAttributes]::ReparsePoint) { $t = 'symlink' }
          elseif ($it.PSIsContainer) { $t = 'directory' }
          else { $t = 'regular' }
          Rec $i ($pre + 'type') $t
          $acl = Get-Acl -LiteralPath $p
          $size = 0
          if ($t -eq 'regular') { $size = $it.Length }
          $mtime = [DateTimeOffset]::new($it.LastWriteTimeUtc).ToUnixTimeSeconds()
          Rec $i ($pre + 'stat') ((@($size, [string]$it.Attributes, '', '', $mtime, $acl.Owner, $acl.Group) | ForEach-Object { [string]$_ }) -join "`n")
          if ($t -eq 'regular') { Rec $i ($pre + 'sha256') (Get-FileHash -LiteralPath $p -Algorithm SHA256).Hash.ToLowerInvariant() }
        }
        function P-Glob([string]$i, [string]$pattern, [int]$max) {
          $found = @(Get-Item -Path $pattern -Force -ErrorAction SilentlyContinue)
          Rec $i 'count' ([string]$found.Count)
          for ($k = 0; $k -lt [Math]::Min($max, $found.Count); $k++) {
            Rec $i ([string]$k + '.path') $found[$k].FullName
            P-File $i ([string]$k + '.') $found[$k].FullName
          }
        }
        function P-Content([string]$i, [string]$p, [int]$read) {
          $it = Get-Item -LiteralPath $p -Force -ErrorAction SilentlyContinue
          if ($null -eq $it) { Rec $i 'type' 'absent'; return }
          if ($it.PSIsContainer) { Rec $i 'type' 'directory'; return }
          Rec $i 'type' 'regular'
          $buffer = New-Object byte[] $read
          $total = 0
          $stream = [IO.File]::OpenRead($it.FullName)
          try {
            while ($total -lt $read) {
              $got = $stream.Read($buffer, $total, $read - $total)
              if ($got -le 0) { break }
              $total += $got
            }
          } finally { $stream.Dispose() }
          [Array]::Resize([ref]$buffer, $total)
          Rec-Bytes $i 'data' $buffer
        }
        function P-Process([string]$i, [string]$name) {
          $found = @(Get-Process | Where-Object { $_.ProcessName -eq $name -or ($_.ProcessName + '.exe') -eq $name })
          Rec $i 'running' ([string][int]($found.Count -gt 0))
        }
        function P-Command([string]$i, [string]$command, [int]$seconds) {
          $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($command))
          $start = New-Object Diagnostics.ProcessStartInfo 'powershell.exe', ('-NoProfile -NonInteractive -EncodedCommand ' + $encoded)
          $start.UseShellExecute = $false
          $start.RedirectStandardInput = $true
          $start.RedirectStandardOutput = $true
          $start.RedirectStandardError = $true
          $child = [Diagnostics.Process]::Start($start)
          $child.StandardInput.Close()
          $null = $child.StandardOutput.ReadToEndAsync()
          $null = $child.StandardError.ReadToEndAsync()
          if ($child.WaitForExit($seconds * 1000)) { Rec $i 'exit' ([string]$child.ExitCode) }
          else { $child.Kill(); Rec $i 'exit' '124' }
        }
        function P-Package([string]$i, [string]$name) {
          $keys = @('HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\*', 'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\*')
          $versions = @(Get-ItemProperty -Path $keys -ErrorAction SilentlyContinue | Where-Object { $_.DisplayName -eq $name } | ForEach-Object { [string]$_.DisplayVersion })
          Rec $i 'manager' 'registry'
          if ($versions.Count -gt 0) { Rec $i 'status' ($versions -join "`n") }
        }
        function P-Service([string]$i, [string]$name) {
          Rec $i 'manager' 'scm'
          $found = @(Get-Service -ErrorAction SilentlyContinue | Where-Object { $_.Name -eq $name })
          if ($found.Count -gt 0) {
            Rec $i 'active' ([string]$found[0].Status)
            Rec $i 'enabled' ([string]$found[0].StartType)
          }
        }
        function P-Hotfix([string]$i, [string]$id) {
          $found = @(Get-HotFix | Where-Object { $_.HotFixID -eq $id })
          Rec $i 'installed' ([string][int]($found.Count -gt 0))
        }

        """#
}
