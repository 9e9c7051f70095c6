import Foundation
import ScourCore

/// Renders probe items as one Windows PowerShell 5.1 script (run by `ProbeScript`'s bootstrap).
///
/// Like the POSIX script: a constant prelude of functions, then one line per item passing
/// verbatim string literals ('…', quotes doubled). Paths go through `-LiteralPath` so no
/// wildcard in a name is expanded; only `glob`, `globContents` and `contentGlob` use `-Path`. Names are compared with `-eq`
/// (case-insensitive, as Windows is), never handed to a cmdlet's wildcard or WQL filter.
/// Commands run in a child `powershell` so an `exit` in them cannot end the probe.
/// Nothing writes. This machine cannot run PowerShell: the output is golden-tested only.
package enum PowerShellProbeScript {
    package static func render(_ items: [ProbeItem], nonce: String) -> String {
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
        if let reason = PowerShell().refusal(of: item) {
            return "Rec \(i) '\(ProbeWire.Field.error)' \(ShellQuote.powerShell(reason))"
        }
        let q = ShellQuote.powerShell
        let call: String
        switch item {
        case .facts: call = "P-Facts \(i)"
        case .file(let path): call = "$null = P-File \(i) '' \(q(path))"
        case .glob(let pattern, let maxMatches): call = "P-Glob \(i) \(q(pattern)) \(maxMatches)"
        case .content(let path, let limit): call = "P-Content \(i) \(q(path)) \(limit + 1)"
        case .globContents(let pattern, let maxMatches, let limit): call = "P-Glob \(i) \(q(pattern)) \(maxMatches) \(limit + 1)"
        case .contentGlob(let pattern, let regex, let maxMatches, let lineLimit):
            call = "P-ContentGlob \(i) \(q(pattern)) \(q(regex)) \(maxMatches) \(lineLimit + 1)"
        case .processes(let name, let executable, let commandLine, let maxMatches):
            let glob = executable.map(RemoveFiles.isGlob) == true ? "$true" : "$false"
            call = "P-Processes \(i) \(q(name ?? "")) \(q(executable ?? "")) \(glob) \(q(commandLine ?? "")) \(maxMatches) "
                + "\(ProbeItem.executableHashLimit) \(ProbeItem.commandLineLimit + 1)"
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
        function Reason-Of($err) {
          # Access denied (also wrapped by a .NET call), or another I/O error: what an unseen record says of a path's own error.
          if ($err.Exception -is [UnauthorizedAccessException] -or $err.Exception.InnerException -is [UnauthorizedAccessException] -or
              $err.CategoryInfo.Category -eq 'PermissionDenied') { return 'permission_denied' }
          'io_error'
        }
        function Unseen-Of($err) {
          $reason = Reason-Of $err
          $target = [string]$err.TargetObject
          if ($target -eq '') { return $reason }
          $reason + ':' + $target
        }
        function Rec-UnseenList([string]$i, [object[]]$list, [int]$max) {
          for ($k = 0; $k -lt [Math]::Min([Math]::Min($max, \#(ProbeWire.unseenListLimit)), $list.Count); $k++) { Rec $i ('unseen.' + [string]$k) $list[$k] }
          if ($list.Count -gt 0) { Rec $i 'unseen_count' ([string]$list.Count) }
        }
        function P-Facts([string]$i) {
          $os = Get-CimInstance Win32_OperatingSystem
          Rec $i 'hostname' ([Environment]::MachineName)
          Rec $i 'boot_id' ($os.LastBootUpTime.ToUniversalTime().ToString('o'))
          Rec $i 'os' ([string]$os.Caption)
          Rec $i 'kernel' ([string]$os.Version)
        }
        function P-File([string]$i, [string]$pre, [string]$p) {
          $it = Get-Item -LiteralPath $p -Force -ErrorAction SilentlyContinue -ErrorVariable fe
          if ($null -eq $it) {
            $denied = @($fe | Where-Object { $_.Exception -is [UnauthorizedAccessException] })
            if ($denied.Count -gt 0) { Rec $i ($pre + 'type') 'unknown'; Rec $i ($pre + 'unseen') 'permission_denied' }
            else { Rec $i ($pre + 'type') 'absent' }
            return $true
          }
          if ($it.Attributes -band [IO.FileAttributes]::ReparsePoint) { $t = 'symlink' }
          elseif ($it.PSIsContainer) { $t = 'directory' }
          else { $t = 'regular' }
          Rec $i ($pre + 'type') $t
          $acl = Get-Acl -LiteralPath $p
          $size = 0
          if ($t -eq 'regular') { $size = $it.Length }
          $mtime = [DateTimeOffset]::new($it.LastWriteTimeUtc).ToUnixTimeSeconds()
          Rec $i ($pre + 'stat') ((@($size, [string]$it.Attributes, '', '', $mtime, $acl.Owner, $acl.Group) | ForEach-Object { [string]$_ }) -join "`n")
          if ($t -ne 'regular') { return $false }
          try { Rec $i ($pre + 'sha256') (Get-FileHash -LiteralPath $p -Algorithm SHA256).Hash.ToLowerInvariant(); return $false }
          catch { Rec $i ($pre + 'unseen') (Reason-Of $_); return $true }
        }
        function P-Glob([string]$i, [string]$pattern, [int]$max, [int]$read = 0) {
          $found = @(Get-Item -Path $pattern -Force -ErrorAction SilentlyContinue -ErrorVariable ge)
          Rec $i 'count' ([string]$found.Count)
          for ($k = 0; $k -lt [Math]::Min($max, $found.Count); $k++) {
            $p = $found[$k].FullName
            Rec $i ([string]$k + '.path') $p
            $unseen = P-File $i ([string]$k + '.') $p
            $it = $found[$k]
            if ($read -gt 0 -and -not $unseen -and -not $it.PSIsContainer -and -not ($it.Attributes -band [IO.FileAttributes]::ReparsePoint)) {
              Rec-Head $i ([string]$k + '.data') $p $read
            }
          }
          Rec-UnseenList $i @($ge | ForEach-Object { Unseen-Of $_ }) $max
        }
        function Rec-Head([string]$i, [string]$f, [string]$p, [int]$read) {
          $buffer = New-Object byte[] $read
          $total = 0
          $stream = [IO.File]::OpenRead($p)
          try {
            while ($total -lt $read) {
              $got = $stream.Read($buffer, $total, $read - $total)
              if ($got -le 0) { break }
              $total += $got
            }
          } finally { $stream.Dispose() }
          [Array]::Resize([ref]$buffer, $total)
          Rec-Bytes $i $f $buffer
        }
        function P-Content([string]$i, [string]$p, [int]$read) {
          $it = Get-Item -LiteralPath $p -Force -ErrorAction SilentlyContinue -ErrorVariable ce
          if ($null -eq $it) {
            if (@($ce | Where-Object { $_.Exception -is [UnauthorizedAccessException] }).Count -gt 0) { Rec $i 'type' 'unknown'; Rec $i 'unseen' 'permission_denied' }
            else { Rec $i 'type' 'absent' }
            return
          }
          if ($it.PSIsContainer) { Rec $i 'type' 'directory'; return }
          Rec $i 'type' 'regular'
          try { Rec-Head $i 'data' $it.FullName $read } catch { Rec $i 'unseen' (Reason-Of $_) }
        }
        function P-ContentGlob([string]$i, [string]$pattern, [string]$regex, [int]$max, [int]$keep) {
          $found = @(Get-Item -Path $pattern -Force -ErrorAction SilentlyContinue -ErrorVariable ge)
          Rec $i 'count' ([string]$found.Count)
          $unseen = @($ge | ForEach-Object { Unseen-Of $_ })
          for ($k = 0; $k -lt [Math]::Min($max, $found.Count); $k++) {
            if ($found[$k].PSIsContainer) { continue }
            # Select-String reads lines without their CR, as the POSIX probe strips it.
            try { $hit = Select-String -LiteralPath $found[$k].FullName -Pattern $regex -CaseSensitive -List }
            catch { $unseen += Unseen-Of $_; continue }
            if ($null -ne $hit) {
              Rec $i ([string]$k + '.path') $found[$k].FullName
              Rec $i ([string]$k + '.line') ([string]$hit.LineNumber)
              Rec $i ([string]$k + '.text') $hit.Line.Substring(0, [Math]::Min($hit.Line.Length, $keep))
            }
          }
          Rec-UnseenList $i $unseen $max
        }
        function P-Processes([string]$i, [string]$name, [string]$exe, [bool]$glob, [string]$regex, [int]$max, [long]$hashMax, [int]$keep) {
          $all = @(Get-CimInstance Win32_Process)
          $parent = @{}
          foreach ($p in $all) { $parent[[int]$p.ProcessId] = [int]$p.ParentProcessId }
          # The probe and its ancestors; then, per candidate, whether the probe is among its ancestors.
          $mine = @{}
          $a = $PID
          for ($d = 0; $d -lt 64 -and $a -gt 4 -and -not $mine.ContainsKey($a); $d++) { $mine[$a] = $true; $a = $parent[$a] }
          $found = @()
          $unseen = @()
          foreach ($p in $all) {
            $id = [int]$p.ProcessId
            $path = [string]$p.ExecutablePath
            if ($id -le 4 -or $mine.ContainsKey($id)) { continue }
            if ($name -ne '' -and $p.Name -ne $name -and $p.Name -ne ($name + '.exe')) { continue }
            if ($path -eq '') {
              # Another user's process, its executable hidden from this login: unseen unless its command line rules it out.
              $line = [string]$p.CommandLine
              if ($regex -eq '' -or $line -eq '' -or $line -cmatch $regex) { $unseen += 'permission_denied:' + [string]$p.Name + ' (pid ' + [string]$id + ')' }
              continue
            }
            if ($exe -ne '' -and (($glob -and -not ($path -like $exe)) -or (-not $glob -and $path -ne $exe))) { continue }
            $line = [string]$p.CommandLine
            if ($regex -ne '' -and -not ($line -cmatch $regex)) { continue }
            $a = [int]$p.ParentProcessId
            for ($d = 0; $d -lt 64 -and $a -gt 4 -and $a -ne $PID; $d++) { $a = $parent[$a] }
            if ($a -eq $PID) { continue }
            $found += $p
          }
          Rec $i 'count' ([string]$found.Count)
          for ($k = 0; $k -lt [Math]::Min($max, $found.Count); $k++) {
            $p = $found[$k]
            $pre = [string]$k + '.'
            Rec $i ($pre + 'pid') ([string]$p.ProcessId)
            $start = ''
            if ($null -ne $p.CreationDate) { $start = $p.CreationDate.ToUniversalTime().ToString('o') }
            Rec $i ($pre + 'start') $start
            $user = ''
            $owner = Invoke-CimMethod -InputObject $p -MethodName GetOwner -ErrorAction SilentlyContinue
            if ($null -ne $owner -and $owner.ReturnValue -eq 0) { $user = [string]$owner.Domain + '\' + [string]$owner.User }
            Rec $i ($pre + 'user') $user
            Rec $i ($pre + 'name') ([string]$p.Name)
            Rec $i ($pre + 'exe') ([string]$p.ExecutablePath)
            Rec $i ($pre + 'deleted') '0'
            $file = Get-Item -LiteralPath $p.ExecutablePath -Force -ErrorAction SilentlyContinue
            if ($null -ne $file) {
              Rec $i ($pre + 'size') ([string]$file.Length)
              if ($file.Length -le $hashMax) {
                try { Rec $i ($pre + 'sha256') (Get-FileHash -LiteralPath $p.ExecutablePath -Algorithm SHA256).Hash.ToLowerInvariant() } catch { }
              }
            }
            $line = [string]$p.CommandLine
            Rec $i ($pre + 'cmdline') $line.Substring(0, [Math]::Min($line.Length, $keep))
          }
          Rec-UnseenList $i $unseen $max
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
