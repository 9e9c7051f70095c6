import Foundation
import ScourCore
import ScourSSH

/// A process `kill_process` is about to stop, as the check saw it: the script acts on the pid
/// only while it is still that process (the same start time, and the same executable — or the
/// same name when none was read), so a pid the kernel gave to another process meanwhile is
/// left alone.
struct ProcessTarget: Sendable, Hashable {
    var pid: Int
    /// As the probe reports it: linux, clock ticks after boot (field 22 of /proc/PID/stat);
    /// windows, the creation time in ISO 8601 UTC. Empty: not compared.
    var start: String
    var executable: String?
    var name: String
}

/// The scripts that stop processes: TERM (on windows, a polite `taskkill` without /F), up to
/// `grace` for them to exit, then KILL (`Stop-Process -Force`), and an exit status of
/// `ScriptExit.processesSurvived` when one is still there 5 s later. Zombies count as gone: their
/// memory is released, only the parent's bookkeeping is left.
enum ProcessKill {
    static func posix(_ targets: [ProcessTarget], grace: Duration) -> String {
        var script = """
            set -u
            started() {
              s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
              set -- ${s##*') '}
              echo "${20}"
            }
            same() {
              [ "$1" -gt 1 ] && [ "$1" -ne $$ ] && [ -d "/proc/$1" ] || return 1
              if [ -n "$4" ]; then [ "$(started "$1")" = "$4" ] || return 1; fi
              if [ -n "$2" ]; then
                x=$(readlink "/proc/$1/exe" 2>/dev/null) || return 1
                [ "$x" = "$2" ] || [ "$x" = "$2 (deleted)" ]
              else
                [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$3" ]
              fi
            }
            # Gone when its status cannot be read (reaped meanwhile), or it is a zombie or dead.
            running() {
              st=$(grep '^State:' "/proc/$1/status" 2>/dev/null) || return 1
              case "$st" in *Z*|*X*) return 1 ;; esac
            }
            sent=''
            term() {
              if same "$1" "$2" "$3" "$4"; then kill -TERM "$1" 2>/dev/null && sent="$sent $1" && echo "TERM sent to $1"; else echo "$1 is gone or is another process now: left alone"; fi
            }

            """
        for target in targets {
            script += "term \(target.pid) \(ShellQuote.posix(target.executable ?? "")) \(ShellQuote.posix(target.name)) \(ShellQuote.posix(target.start))\n"
        }
        script += """
            left() { l=''; for p in $sent; do running "$p" && l="$l $p"; done; echo "$l"; }
            tenths=0
            while [ -n "$(left)" ] && [ "$tenths" -lt \(tenths(grace)) ]; do sleep 0.1; tenths=$((tenths + 1)); done
            for p in $(left); do kill -KILL "$p" 2>/dev/null && echo "KILL sent to $p"; done
            tenths=0
            while [ -n "$(left)" ] && [ "$tenths" -lt 50 ]; do sleep 0.1; tenths=$((tenths + 1)); done
            l=$(left)
            [ -z "$l" ] || { echo "still running after KILL:$l" >&2; exit \(ScriptExit.processesSurvived.rawValue); }

            """
        return script
    }

    static func powerShell(_ targets: [ProcessTarget], grace: Duration) -> String {
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

    /// The grace period in tenths of a second, the unit the POSIX loop sleeps in.
    private static func tenths(_ grace: Duration) -> Int64 { grace.scourMilliseconds / 100 }
}
