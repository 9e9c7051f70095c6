$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
function Test-Same($t) {
  $p = Get-Process -Id $t.Id -ErrorAction SilentlyContinue
  $same = $p -and $t.Id -gt 4 -and $t.Id -ne $PID -and ($(if ($t.Path) { $p.Path -eq $t.Path } else { $p.ProcessName -eq $t.Name }))
  if ($same -and $t.Start) { $same = $p.StartTime.ToUniversalTime().ToString('o') -eq $t.Start }
  [bool]$same
}
$sent = @()
foreach ($t in @(@{ Id = 4242; Start = '2026-12-01T13:11:26.0000000Z'; Path = 'C:\Users\Public\it''s ‘‘odd’’ $(x).exe'; Name = 'miner' }, @{ Id = 4243; Start = ''; Path = $null; Name = 'miner' })) {
  if (Test-Same $t) { & taskkill.exe /PID $t.Id 2>&1 | Out-Null; $sent += $t; "asked $($t.Id) to close" }
  else { "$($t.Id) is gone or is another process now: left alone" }
}
function Get-Left { @($sent | Where-Object { Get-Process -Id $_.Id -ErrorAction SilentlyContinue }) }
$deadline = (Get-Date).AddMilliseconds(2500)
while ((Get-Left).Count -gt 0 -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
$forced = @()
foreach ($t in Get-Left) {
  if (Test-Same $t) { Stop-Process -Id $t.Id -Force -ErrorAction SilentlyContinue; $forced += $t; "stopped $($t.Id) by force" }
  else { "$($t.Id) is another process now: not stopped" }
}
$sent = $forced
$deadline = (Get-Date).AddSeconds(5)
while ((Get-Left).Count -gt 0 -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
$left = Get-Left
if ($left.Count -gt 0) { [Console]::Error.WriteLine("still running after Stop-Process -Force: $(@($left | ForEach-Object { $_.Id }) -join ' ')"); exit 99 }
