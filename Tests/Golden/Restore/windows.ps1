#### quarantined files
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
function Restore-One([string]$stored, [string]$dest, [string]$sha, [string]$attributes, [int64]$mtime, [bool]$force, [bool]$dryRun) {
  if (-not (Test-Path -LiteralPath $stored)) { return 94 }
  if ($sha -ne '-') {
    $h = (Get-FileHash -LiteralPath $stored -Algorithm SHA256).Hash.ToLowerInvariant()
    if ($h -ne $sha) { [Console]::Error.WriteLine("quarantined copy has SHA-256 $h"); return 95 }
  }
  if (-not $force -and (Test-Path -LiteralPath $dest)) { return 92 }
  if ($dryRun) { return 0 }
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
    if ($force) { Move-Item -LiteralPath $t -Destination $dest -Force }
    else { try { [IO.File]::Move($t, $dest) } catch { Remove-Item -LiteralPath $t -Force; return 92 } }
    return 0
  } catch {
    if ($t) { Remove-Item -LiteralPath $t -Force -ErrorAction SilentlyContinue }
    [Console]::Error.WriteLine($_.Exception.Message); return 1
  }
}
Write-Output ('RESTORE 0 ' + (Restore-One 'C:\ProgramData\Scour\quarantine\20261125-054357-dd5f\1-0' 'D:\it''s ‘‘odd’’ $(x).exe' 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' 'Archive, ReadOnly' 1700000000 $false $false))

#### edited configs
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
function Restore-Config([string]$config, [string]$backup, [string]$before, [string]$after, [string]$attributes, [int64]$mtime, [bool]$force, [bool]$dryRun) {
  $script:why = ''
  $item = Get-Item -LiteralPath $config -Force -ErrorAction SilentlyContinue
  $now = 'is missing'
  if ($null -ne $item) {
    if ($item.Attributes -band [IO.FileAttributes]::ReparsePoint) { $now = 'is a link' }
    elseif ($item.PSIsContainer) { $now = 'is not a regular file' }
    else { $now = 'has SHA-256 ' + (Get-FileHash -LiteralPath $config -Algorithm SHA256).Hash.ToLowerInvariant() }
  }
  if ($now -eq "has SHA-256 $before") { return 93 }
  $b = Get-Item -LiteralPath $backup -Force -ErrorAction SilentlyContinue
  if ($null -eq $b -or $b.PSIsContainer) { $script:why = 'no backup at ' + $backup; return 94 }
  $h = (Get-FileHash -LiteralPath $backup -Algorithm SHA256).Hash.ToLowerInvariant()
  if ($h -ne $before) { $script:why = "the backup has SHA-256 $h"; return 95 }
  $m = [int64]($b.LastWriteTimeUtc - [DateTime]::new(1970, 1, 1, 0, 0, 0, 'Utc')).TotalSeconds
  if ($attributes -ne '' -and ([string]$b.Attributes -ne $attributes -or $m -ne $mtime)) { $script:why = "the backup's attributes and last write time are $($b.Attributes), $m"; return 95 }
  if (-not $force -and $now -ne "has SHA-256 $after") { $script:why = "it $now"; return 96 }
  if ($dryRun) { return 0 }
  try { Put-Back $backup $config; return 0 } catch { $script:why = $_.Exception.Message; return 1 }
}
$code = Restore-Config 'C:\inetpub\it''s ‘‘odd’’ $(x).config' 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%inetpub%it''s ‘‘odd’’ $(x).config' 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc' 'Archive, ReadOnly' 1700000000 $false $false
Write-Output ('CONFIG 0 ' + $code + ' ' + $script:why)

#### quarantined files --force
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
function Restore-One([string]$stored, [string]$dest, [string]$sha, [string]$attributes, [int64]$mtime, [bool]$force, [bool]$dryRun) {
  if (-not (Test-Path -LiteralPath $stored)) { return 94 }
  if ($sha -ne '-') {
    $h = (Get-FileHash -LiteralPath $stored -Algorithm SHA256).Hash.ToLowerInvariant()
    if ($h -ne $sha) { [Console]::Error.WriteLine("quarantined copy has SHA-256 $h"); return 95 }
  }
  if (-not $force -and (Test-Path -LiteralPath $dest)) { return 92 }
  if ($dryRun) { return 0 }
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
    if ($force) { Move-Item -LiteralPath $t -Destination $dest -Force }
    else { try { [IO.File]::Move($t, $dest) } catch { Remove-Item -LiteralPath $t -Force; return 92 } }
    return 0
  } catch {
    if ($t) { Remove-Item -LiteralPath $t -Force -ErrorAction SilentlyContinue }
    [Console]::Error.WriteLine($_.Exception.Message); return 1
  }
}
Write-Output ('RESTORE 0 ' + (Restore-One 'C:\ProgramData\Scour\quarantine\20261125-054357-dd5f\1-0' 'D:\it''s ‘‘odd’’ $(x).exe' 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' 'Archive, ReadOnly' 1700000000 $true $false))

#### edited configs --force
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
function Restore-Config([string]$config, [string]$backup, [string]$before, [string]$after, [string]$attributes, [int64]$mtime, [bool]$force, [bool]$dryRun) {
  $script:why = ''
  $item = Get-Item -LiteralPath $config -Force -ErrorAction SilentlyContinue
  $now = 'is missing'
  if ($null -ne $item) {
    if ($item.Attributes -band [IO.FileAttributes]::ReparsePoint) { $now = 'is a link' }
    elseif ($item.PSIsContainer) { $now = 'is not a regular file' }
    else { $now = 'has SHA-256 ' + (Get-FileHash -LiteralPath $config -Algorithm SHA256).Hash.ToLowerInvariant() }
  }
  if ($now -eq "has SHA-256 $before") { return 93 }
  $b = Get-Item -LiteralPath $backup -Force -ErrorAction SilentlyContinue
  if ($null -eq $b -or $b.PSIsContainer) { $script:why = 'no backup at ' + $backup; return 94 }
  $h = (Get-FileHash -LiteralPath $backup -Algorithm SHA256).Hash.ToLowerInvariant()
  if ($h -ne $before) { $script:why = "the backup has SHA-256 $h"; return 95 }
  $m = [int64]($b.LastWriteTimeUtc - [DateTime]::new(1970, 1, 1, 0, 0, 0, 'Utc')).TotalSeconds
  if ($attributes -ne '' -and ([string]$b.Attributes -ne $attributes -or $m -ne $mtime)) { $script:why = "the backup's attributes and last write time are $($b.Attributes), $m"; return 95 }
  if (-not $force -and $now -ne "has SHA-256 $after") { $script:why = "it $now"; return 96 }
  if ($dryRun) { return 0 }
  try { Put-Back $backup $config; return 0 } catch { $script:why = $_.Exception.Message; return 1 }
}
$code = Restore-Config 'C:\inetpub\it''s ‘‘odd’’ $(x).config' 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%inetpub%it''s ‘‘odd’’ $(x).config' 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc' 'Archive, ReadOnly' 1700000000 $true $false
Write-Output ('CONFIG 0 ' + $code + ' ' + $script:why)

#### quarantined files --dry-run
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
function Restore-One([string]$stored, [string]$dest, [string]$sha, [string]$attributes, [int64]$mtime, [bool]$force, [bool]$dryRun) {
  if (-not (Test-Path -LiteralPath $stored)) { return 94 }
  if ($sha -ne '-') {
    $h = (Get-FileHash -LiteralPath $stored -Algorithm SHA256).Hash.ToLowerInvariant()
    if ($h -ne $sha) { [Console]::Error.WriteLine("quarantined copy has SHA-256 $h"); return 95 }
  }
  if (-not $force -and (Test-Path -LiteralPath $dest)) { return 92 }
  if ($dryRun) { return 0 }
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
    if ($force) { Move-Item -LiteralPath $t -Destination $dest -Force }
    else { try { [IO.File]::Move($t, $dest) } catch { Remove-Item -LiteralPath $t -Force; return 92 } }
    return 0
  } catch {
    if ($t) { Remove-Item -LiteralPath $t -Force -ErrorAction SilentlyContinue }
    [Console]::Error.WriteLine($_.Exception.Message); return 1
  }
}
Write-Output ('RESTORE 0 ' + (Restore-One 'C:\ProgramData\Scour\quarantine\20261125-054357-dd5f\1-0' 'D:\it''s ‘‘odd’’ $(x).exe' 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' 'Archive, ReadOnly' 1700000000 $false $true))

#### edited configs --dry-run
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
function Restore-Config([string]$config, [string]$backup, [string]$before, [string]$after, [string]$attributes, [int64]$mtime, [bool]$force, [bool]$dryRun) {
  $script:why = ''
  $item = Get-Item -LiteralPath $config -Force -ErrorAction SilentlyContinue
  $now = 'is missing'
  if ($null -ne $item) {
    if ($item.Attributes -band [IO.FileAttributes]::ReparsePoint) { $now = 'is a link' }
    elseif ($item.PSIsContainer) { $now = 'is not a regular file' }
    else { $now = 'has SHA-256 ' + (Get-FileHash -LiteralPath $config -Algorithm SHA256).Hash.ToLowerInvariant() }
  }
  if ($now -eq "has SHA-256 $before") { return 93 }
  $b = Get-Item -LiteralPath $backup -Force -ErrorAction SilentlyContinue
  if ($null -eq $b -or $b.PSIsContainer) { $script:why = 'no backup at ' + $backup; return 94 }
  $h = (Get-FileHash -LiteralPath $backup -Algorithm SHA256).Hash.ToLowerInvariant()
  if ($h -ne $before) { $script:why = "the backup has SHA-256 $h"; return 95 }
  $m = [int64]($b.LastWriteTimeUtc - [DateTime]::new(1970, 1, 1, 0, 0, 0, 'Utc')).TotalSeconds
  if ($attributes -ne '' -and ([string]$b.Attributes -ne $attributes -or $m -ne $mtime)) { $script:why = "the backup's attributes and last write time are $($b.Attributes), $m"; return 95 }
  if (-not $force -and $now -ne "has SHA-256 $after") { $script:why = "it $now"; return 96 }
  if ($dryRun) { return 0 }
  try { Put-Back $backup $config; return 0 } catch { $script:why = $_.Exception.Message; return 1 }
}
$code = Restore-Config 'C:\inetpub\it''s ‘‘odd’’ $(x).config' 'C:\ProgramData\Scour\backups\20261125-054357-dd5f\C%inetpub%it''s ‘‘odd’’ $(x).config' 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc' 'Archive, ReadOnly' 1700000000 $false $true
Write-Output ('CONFIG 0 ' + $code + ' ' + $script:why)
