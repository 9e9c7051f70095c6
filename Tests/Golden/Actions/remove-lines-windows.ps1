# remove_lines on windows: what the step sends, in order (# lines are the transcript's)
#### script (on stdin of the shell's constant command line)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
New-Item -ItemType Directory -Force -Path 'C:\ProgramData\Scour\staging\20261125-054357-dd5f' | Out-Null

#### sftp write C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%Windows%System32%drivers%etc%hosts (mode 600): 21 bytes, sha256 e0802313e50e2b94580ac045356ea9cbd88106bede5525634964412a7811f52a

#### script (on stdin of the shell's constant command line)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
function Assert-NoReparsePoint([string]$path) {
  $p = $path
  while ($p) {
    $item = Get-Item -LiteralPath $p -Force -ErrorAction SilentlyContinue
    if ($item -and ($item.Attributes -band [IO.FileAttributes]::ReparsePoint)) { throw "$p is a reparse point (a link): refusing" }
    $p = [IO.Path]::GetDirectoryName($p)
  }
}
function New-FreshCopy([string]$file, [string]$folder) {
  $t = Join-Path $folder ('.scour-restore.' + [Guid]::NewGuid().ToString('N'))
  $out = [IO.File]::Open($t, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write, [IO.FileShare]::None)
  try {
    $in = [IO.File]::OpenRead($file)
    try { $in.CopyTo($out) } finally { $in.Dispose() }
  } finally { $out.Dispose() }
  return $t
}
Assert-NoReparsePoint 'C:\Windows\System32\drivers\etc\hosts'
Assert-NoReparsePoint 'C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%Windows%System32%drivers%etc%hosts'
$now = (Get-FileHash -LiteralPath 'C:\Windows\System32\drivers\etc\hosts' -Algorithm SHA256).Hash.ToLowerInvariant()
if ($now -ne 'e90ffc17988d754de79900dc49c27bf719ed9bcb6b4eaf593caf378037a70dcc') {
  Remove-Item -LiteralPath 'C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%Windows%System32%drivers%etc%hosts' -Force
  [Console]::Error.WriteLine('C:\Windows\System32\drivers\etc\hosts changed on the host since it was read (SHA-256 now ' + $now + ')')
  exit 96
}
New-Item -ItemType Directory -Force -Path 'C:\ProgramData\Scour\backups\20261125-054357-dd5f' | Out-Null
if (-not (Test-Path -LiteralPath 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%Windows%System32%drivers%etc%hosts')) { Copy-Item -LiteralPath 'C:\Windows\System32\drivers\etc\hosts' -Destination 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%Windows%System32%drivers%etc%hosts' }
$acl = Get-Acl -LiteralPath 'C:\Windows\System32\drivers\etc\hosts'
$written = (Get-FileHash -LiteralPath 'C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%Windows%System32%drivers%etc%hosts' -Algorithm SHA256).Hash.ToLowerInvariant()
$t = New-FreshCopy 'C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%Windows%System32%drivers%etc%hosts' ([IO.Path]::GetDirectoryName('C:\Windows\System32\drivers\etc\hosts'))
Set-Acl -LiteralPath $t -AclObject $acl
Move-Item -LiteralPath $t -Destination 'C:\Windows\System32\drivers\etc\hosts' -Force
Remove-Item -LiteralPath 'C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%Windows%System32%drivers%etc%hosts' -Force
$b = Get-Item -LiteralPath 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%Windows%System32%drivers%etc%hosts' -Force
$record = [ordered]@{
  sha256 = (Get-FileHash -LiteralPath 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%Windows%System32%drivers%etc%hosts' -Algorithm SHA256).Hash.ToLowerInvariant(); written = $written
  mode = [string]$b.Attributes; owner = [string]$acl.Owner; group = [string]$acl.Group
  mtime = [int64]($b.LastWriteTimeUtc - [DateTime]::new(1970, 1, 1, 0, 0, 0, 'Utc')).TotalSeconds
}
Write-Output ('SCOUR-BACKUP ' + ($record | ConvertTo-Json -Compress))

#### script (on stdin of the shell's constant command line)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
New-Item -ItemType Directory -Force -Path 'C:\ProgramData\Scour\staging\20261125-054357-dd5f' | Out-Null

#### sftp write C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%ProgramData%it's ‘odd’ $(x)%run.cmd (mode 600): 15 bytes, sha256 668bf0250894121b1f9164253a74916c852f697500a1496e8b01dbdef7d438ff

#### script (on stdin of the shell's constant command line)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
function Assert-NoReparsePoint([string]$path) {
  $p = $path
  while ($p) {
    $item = Get-Item -LiteralPath $p -Force -ErrorAction SilentlyContinue
    if ($item -and ($item.Attributes -band [IO.FileAttributes]::ReparsePoint)) { throw "$p is a reparse point (a link): refusing" }
    $p = [IO.Path]::GetDirectoryName($p)
  }
}
function New-FreshCopy([string]$file, [string]$folder) {
  $t = Join-Path $folder ('.scour-restore.' + [Guid]::NewGuid().ToString('N'))
  $out = [IO.File]::Open($t, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write, [IO.FileShare]::None)
  try {
    $in = [IO.File]::OpenRead($file)
    try { $in.CopyTo($out) } finally { $in.Dispose() }
  } finally { $out.Dispose() }
  return $t
}
Assert-NoReparsePoint 'C:\ProgramData\it''s ‘‘odd’’ $(x)\run.cmd'
Assert-NoReparsePoint 'C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%ProgramData%it''s ‘‘odd’’ $(x)%run.cmd'
$now = (Get-FileHash -LiteralPath 'C:\ProgramData\it''s ‘‘odd’’ $(x)\run.cmd' -Algorithm SHA256).Hash.ToLowerInvariant()
if ($now -ne '1b1dfe3dab5f4fabc7011b9f2da8ae4b0561cd2248f31b9209d2478ec5e7a395') {
  Remove-Item -LiteralPath 'C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%ProgramData%it''s ‘‘odd’’ $(x)%run.cmd' -Force
  [Console]::Error.WriteLine('C:\ProgramData\it''s ‘‘odd’’ $(x)\run.cmd changed on the host since it was read (SHA-256 now ' + $now + ')')
  exit 96
}
New-Item -ItemType Directory -Force -Path 'C:\ProgramData\Scour\backups\20261125-054357-dd5f' | Out-Null
if (-not (Test-Path -LiteralPath 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%ProgramData%it''s ‘‘odd’’ $(x)%run.cmd')) { Copy-Item -LiteralPath 'C:\ProgramData\it''s ‘‘odd’’ $(x)\run.cmd' -Destination 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%ProgramData%it''s ‘‘odd’’ $(x)%run.cmd' }
$acl = Get-Acl -LiteralPath 'C:\ProgramData\it''s ‘‘odd’’ $(x)\run.cmd'
$written = (Get-FileHash -LiteralPath 'C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%ProgramData%it''s ‘‘odd’’ $(x)%run.cmd' -Algorithm SHA256).Hash.ToLowerInvariant()
$t = New-FreshCopy 'C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%ProgramData%it''s ‘‘odd’’ $(x)%run.cmd' ([IO.Path]::GetDirectoryName('C:\ProgramData\it''s ‘‘odd’’ $(x)\run.cmd'))
Set-Acl -LiteralPath $t -AclObject $acl
Move-Item -LiteralPath $t -Destination 'C:\ProgramData\it''s ‘‘odd’’ $(x)\run.cmd' -Force
Remove-Item -LiteralPath 'C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%ProgramData%it''s ‘‘odd’’ $(x)%run.cmd' -Force
$b = Get-Item -LiteralPath 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%ProgramData%it''s ‘‘odd’’ $(x)%run.cmd' -Force
$record = [ordered]@{
  sha256 = (Get-FileHash -LiteralPath 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%ProgramData%it''s ‘‘odd’’ $(x)%run.cmd' -Algorithm SHA256).Hash.ToLowerInvariant(); written = $written
  mode = [string]$b.Attributes; owner = [string]$acl.Owner; group = [string]$acl.Group
  mtime = [int64]($b.LastWriteTimeUtc - [DateTime]::new(1970, 1, 1, 0, 0, 0, 'Utc')).TotalSeconds
}
Write-Output ('SCOUR-BACKUP ' + ($record | ConvertTo-Json -Compress))

#### script (on stdin of the shell's constant command line)
Select-String -Quiet -Pattern localhost -LiteralPath (Join-Path $env:SystemRoot 'System32/drivers/etc/hosts')

# ---- the same step when validate fails: every file put back, the last one first

#### script (on stdin of the shell's constant command line)
Select-String -Quiet -Pattern localhost -LiteralPath (Join-Path $env:SystemRoot 'System32/drivers/etc/hosts')

#### script (on stdin of the shell's constant command line)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
function New-FreshCopy([string]$file, [string]$folder) {
  $t = Join-Path $folder ('.scour-restore.' + [Guid]::NewGuid().ToString('N'))
  $out = [IO.File]::Open($t, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write, [IO.FileShare]::None)
  try {
    $in = [IO.File]::OpenRead($file)
    try { $in.CopyTo($out) } finally { $in.Dispose() }
  } finally { $out.Dispose() }
  return $t
}
function Assert-NoReparsePoint([string]$path) {
  $p = $path
  while ($p) {
    $item = Get-Item -LiteralPath $p -Force -ErrorAction SilentlyContinue
    if ($item -and ($item.Attributes -band [IO.FileAttributes]::ReparsePoint)) { throw "$p is a reparse point (a link): refusing" }
    $p = [IO.Path]::GetDirectoryName($p)
  }
}
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
Put-Back 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%ProgramData%it''s ‘‘odd’’ $(x)%run.cmd' 'C:\ProgramData\it''s ‘‘odd’’ $(x)\run.cmd'

#### script (on stdin of the shell's constant command line)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
function New-FreshCopy([string]$file, [string]$folder) {
  $t = Join-Path $folder ('.scour-restore.' + [Guid]::NewGuid().ToString('N'))
  $out = [IO.File]::Open($t, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write, [IO.FileShare]::None)
  try {
    $in = [IO.File]::OpenRead($file)
    try { $in.CopyTo($out) } finally { $in.Dispose() }
  } finally { $out.Dispose() }
  return $t
}
function Assert-NoReparsePoint([string]$path) {
  $p = $path
  while ($p) {
    $item = Get-Item -LiteralPath $p -Force -ErrorAction SilentlyContinue
    if ($item -and ($item.Attributes -band [IO.FileAttributes]::ReparsePoint)) { throw "$p is a reparse point (a link): refusing" }
    $p = [IO.Path]::GetDirectoryName($p)
  }
}
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
Put-Back 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%Windows%System32%drivers%etc%hosts' 'C:\Windows\System32\drivers\etc\hosts'
