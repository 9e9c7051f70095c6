import Foundation
import ScourCore

extension ProcessKill {
    package static func powerShell(_ targets: [ProcessTarget], grace: Duration) -> String {
        let list = targets.map { target in
            "@{ Id = \(target.pid); Start = \(ShellQuote.powerShell(target.start)); Path = \(target.executable.map(ShellQuote.powerShell) ?? "$null"); Name = \(ShellQuote.powerShell(target.name)) }"
        }.joined(separator: ", ")
        return """
            $ErrorActionPreference = 'Stop'
            $ProgressPreference = 'SilentlyContinue'
            $sent = @()
            foreach ($t in @(\(list))) {
              $p = Get-Process -Id $t.Id -ErrorAction SilentlyContinue
              $same = $p -and $t.Id -gt 4 -and $t.Id -ne $PID -and ($(if ($t.Path) { $p.Path -eq $t.Path } else { $p.ProcessName -eq $t.Name }))
              if ($same -and $t.Start) { $same = $p.StartTime.ToUniversalTime().ToString('o') -eq $t.Start }
              if ($same) { & taskkill.exe /PID $t.Id 2>&1 | Out-Null; $sent += $t.Id; "asked $($t.Id) to close" }
              else { "$($t.Id) is gone or is another process now: left alone" }
            }
            function Get-Left { @($sent | Where-Object { Get-Process -Id $_ -ErrorAction SilentlyContinue }) }
            $deadline = (Get-Date).AddMilliseconds(\(grace.scourMilliseconds))
            while ((Get-Left).Count -gt 0 -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
            foreach ($id in Get-Left) { Stop-Process -Id $id -Force -ErrorAction SilentlyContinue; "stopped $id by force" }
            $deadline = (Get-Date).AddSeconds(5)
            while ((Get-Left).Count -gt 0 -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $left = Get-Left
            if ($left.Count -gt 0) { [Console]::Error.WriteLine("still running after Stop-Process -Force: $($left -join ' ')"); exit \(ScriptExit.processesSurvived.rawValue) }

            """
    }
}
