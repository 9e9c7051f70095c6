#### quarantine
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
$q = 'C:\ProgramData\Scour\quarantine\20261125-054357-dd5f'
New-Item -ItemType Directory -Force -Path $q | Out-Null
function Quarantine-One([string]$p, [int]$i) {
  if (-not (Test-Path -LiteralPath $p)) { return }
  Assert-NoReparsePoint ([IO.Path]::GetDirectoryName($p))
  $item = Get-Item -LiteralPath $p -Force
  $acl = Get-Acl -LiteralPath $p
  $hash = if ($item.PSIsContainer) { '-' } else { (Get-FileHash -LiteralPath $p -Algorithm SHA256).Hash.ToLowerInvariant() }
  $name = 'backdoors.0badf00d' + '-' + $i
  $record = [ordered]@{
    path_base64 = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($p))
    size = [int64]$item.Length; mode = [string]$item.Attributes; owner = [string]$acl.Owner; group = [string]$acl.Group
    mtime = [int64]($item.LastWriteTimeUtc - [DateTime]::new(1970, 1, 1, 0, 0, 0, 'Utc')).TotalSeconds
    sha256 = $hash; step = 'backdoors'
  }
  Move-Item -LiteralPath $p -Destination (Join-Path $q $name)
  $record.stored_as = $name
  Add-Content -LiteralPath (Join-Path $q 'manifest.jsonl') -Value ($record | ConvertTo-Json -Compress) -Encoding UTF8
}
Quarantine-One 'C:\inetpub\scripts\root.exe' 0
Quarantine-One 'D:\it''s ‘‘odd’’ $(x).exe' 1

#### delete
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
$q = 'C:\ProgramData\Scour\quarantine\20261125-054357-dd5f'
New-Item -ItemType Directory -Force -Path $q | Out-Null
function Quarantine-One([string]$p, [int]$i) {
  if (-not (Test-Path -LiteralPath $p)) { return }
  Assert-NoReparsePoint ([IO.Path]::GetDirectoryName($p))
  $item = Get-Item -LiteralPath $p -Force
  $acl = Get-Acl -LiteralPath $p
  $hash = if ($item.PSIsContainer) { '-' } else { (Get-FileHash -LiteralPath $p -Algorithm SHA256).Hash.ToLowerInvariant() }
  $name = 'backdoors.0badf00d' + '-' + $i
  $record = [ordered]@{
    path_base64 = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($p))
    size = [int64]$item.Length; mode = [string]$item.Attributes; owner = [string]$acl.Owner; group = [string]$acl.Group
    mtime = [int64]($item.LastWriteTimeUtc - [DateTime]::new(1970, 1, 1, 0, 0, 0, 'Utc')).TotalSeconds
    sha256 = $hash; step = 'backdoors'
  }
  Remove-Item -LiteralPath $p -Force
  $record.deleted = $true
  Add-Content -LiteralPath (Join-Path $q 'manifest.jsonl') -Value ($record | ConvertTo-Json -Compress) -Encoding UTF8
}
Quarantine-One 'C:\inetpub\scripts\root.exe' 0
Quarantine-One 'D:\it''s ‘‘odd’’ $(x).exe' 1

#### replace config (staged at C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%Windows%System32%inetsrv%config%applicationHost.config)
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
Assert-NoReparsePoint 'C:\Windows\System32\inetsrv\config\applicationHost.config'
Assert-NoReparsePoint 'C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%Windows%System32%inetsrv%config%applicationHost.config'
$now = (Get-FileHash -LiteralPath 'C:\Windows\System32\inetsrv\config\applicationHost.config' -Algorithm SHA256).Hash.ToLowerInvariant()
if ($now -ne 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa') {
  Remove-Item -LiteralPath 'C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%Windows%System32%inetsrv%config%applicationHost.config' -Force
  [Console]::Error.WriteLine('C:\Windows\System32\inetsrv\config\applicationHost.config changed on the host since it was read (SHA-256 now ' + $now + ')')
  exit 96
}
New-Item -ItemType Directory -Force -Path 'C:\ProgramData\Scour\backups\20261125-054357-dd5f' | Out-Null
if (-not (Test-Path -LiteralPath 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%Windows%System32%inetsrv%config%applicationHost.config')) { Copy-Item -LiteralPath 'C:\Windows\System32\inetsrv\config\applicationHost.config' -Destination 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%Windows%System32%inetsrv%config%applicationHost.config' }
$acl = Get-Acl -LiteralPath 'C:\Windows\System32\inetsrv\config\applicationHost.config'
$written = (Get-FileHash -LiteralPath 'C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%Windows%System32%inetsrv%config%applicationHost.config' -Algorithm SHA256).Hash.ToLowerInvariant()
$t = New-FreshCopy 'C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%Windows%System32%inetsrv%config%applicationHost.config' ([IO.Path]::GetDirectoryName('C:\Windows\System32\inetsrv\config\applicationHost.config'))
Set-Acl -LiteralPath $t -AclObject $acl
Move-Item -LiteralPath $t -Destination 'C:\Windows\System32\inetsrv\config\applicationHost.config' -Force
Remove-Item -LiteralPath 'C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%Windows%System32%inetsrv%config%applicationHost.config' -Force
$b = Get-Item -LiteralPath 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%Windows%System32%inetsrv%config%applicationHost.config' -Force
$record = [ordered]@{
  sha256 = (Get-FileHash -LiteralPath 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%Windows%System32%inetsrv%config%applicationHost.config' -Algorithm SHA256).Hash.ToLowerInvariant(); written = $written
  mode = [string]$b.Attributes; owner = [string]$acl.Owner; group = [string]$acl.Group
  mtime = [int64]($b.LastWriteTimeUtc - [DateTime]::new(1970, 1, 1, 0, 0, 0, 'Utc')).TotalSeconds
}
Write-Output ('SCOUR-BACKUP ' + ($record | ConvertTo-Json -Compress))

#### restore config
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
Put-Back 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%Windows%System32%inetsrv%config%applicationHost.config' 'C:\Windows\System32\inetsrv\config\applicationHost.config'

#### validate the edit
& { & $env:windir\system32\inetsrv\appcmd.exe list config }
if (-not $? -or $LASTEXITCODE) {
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
Put-Back 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%Windows%System32%inetsrv%config%applicationHost.config' 'C:\Windows\System32\inetsrv\config\applicationHost.config'
exit 98
}

#### stage the edited config
# none: uploaded over SFTP

#### make the patch folder
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
New-Item -ItemType Directory -Force -Path 'C:\ProgramData\Scour\patches' | Out-Null

#### install the patch
$ErrorActionPreference = 'Stop'
Move-Item -LiteralPath 'C:\ProgramData\Scour\staging\20261125-054357-dd5f\C%ProgramData%Scour%patches%0000000000000000-Q300972_W2K_SP3_x86_en.exe' -Destination 'C:\ProgramData\Scour\patches\0000000000000000-Q300972_W2K_SP3_x86_en.exe' -Force
$h = (Get-FileHash -LiteralPath 'C:\ProgramData\Scour\patches\0000000000000000-Q300972_W2K_SP3_x86_en.exe' -Algorithm SHA256).Hash.ToLowerInvariant()
if ($h -ne '0000000000000000000000000000000000000000000000000000000000000000') { [Console]::Error.WriteLine("SHA-256 on the host is $h: not installing"); exit 97 }
Start-Process -Wait 'C:\ProgramData\Scour\patches\0000000000000000-Q300972_W2K_SP3_x86_en.exe' -ArgumentList '/q','/z'
if ($LASTEXITCODE) { exit $LASTEXITCODE }

#### stop and disable
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
Stop-Service -Name 'W3SVC' -Force
Set-Service -Name 'W3SVC' -StartupType Disabled

#### reboot
$ErrorActionPreference = 'Stop'
New-Item -ItemType Directory -Force -Path 'C:\ProgramData\Scour\reboots' | Out-Null
Set-Content -LiteralPath 'C:\ProgramData\Scour\reboots\20261125-054357-dd5f.clear_memory' -Value ((Get-CimInstance Win32_OperatingSystem).LastBootUpTime.ToUniversalTime().ToString('o'))
shutdown.exe /r /t 2 /c 'scour: reboot step' /d p:4:1

#### reboot requested
if (Test-Path -LiteralPath 'C:\ProgramData\Scour\reboots\20261125-054357-dd5f.clear_memory') { Get-Content -LiteralPath 'C:\ProgramData\Scour\reboots\20261125-054357-dd5f.clear_memory' }

#### boot id
(Get-CimInstance Win32_OperatingSystem).LastBootUpTime.ToUniversalTime().ToString('o')

#### read the manifest
if (Test-Path -LiteralPath 'C:\ProgramData\Scour\quarantine\20261125-054357-dd5f\manifest.jsonl') { Get-Content -LiteralPath 'C:\ProgramData\Scour\quarantine\20261125-054357-dd5f\manifest.jsonl' -Raw -Encoding UTF8 }

#### wait
Start-Sleep -Seconds 30
