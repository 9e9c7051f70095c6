#### quarantined files
fresh_copy() {
  copy=$(mktemp -p "$2" .scour-restore.XXXXXXXXXX) || return 1
  cp -P -p --remove-destination -- "$1" "$copy" && return 0
  rm -f -- "$copy"
  return 1
}
real_folder() {
  rf_d=${1%/*}
  [ -n "$rf_d" ] || rf_d=/
  [ "$(cd -P -- "$rf_d" 2>/dev/null && pwd -P)" = "$rf_d" ] && return 0
  printf 'the folder of %s is reached through a symbolic link: refusing\n' "$1" >&2
  return 1
}
restore_one() {
  stored=$1 dest=$2 sha=$3 recorded="$4 $5 $6 $7"
  [ -f "$stored" ] || [ -L "$stored" ] || return 94
  if [ "$sha" != - ]; then
    h=$(sha256sum < "$stored" | cut -d' ' -f1)
    [ "$h" = "$sha" ] || { echo "quarantined copy has SHA-256 $h" >&2; return 95; }
  fi
  if [ "$r_force" = 0 ] && { [ -e "$dest" ] || [ -L "$dest" ]; }; then return 92; fi
  [ "$r_dry_run" = 0 ] || return 0
  d=${dest%/*}
  [ -n "$d" ] || d=/
  mkdir -p -- "$d" || return 1
  real_folder "$dest" || return 1
  fresh_copy "$stored" "$d" || return 1
  m=$(stat -c '%a %U %G %Y' -- "$copy")
  if [ "$m" != "$recorded" ]; then
    rm -f -- "$copy"
    printf 'the quarantined copy has mode, owner, group and mtime %s, the manifest %s\n' "$m" "$recorded" >&2
    return 1
  fi
  if [ ! -L "$copy" ] && [ "$sha" != - ]; then
    h=$(sha256sum < "$copy" | cut -d' ' -f1)
    [ "$h" = "$sha" ] || { rm -f -- "$copy"; return 95; }
  fi
  if [ "$r_force" = 1 ]; then mv -T -f -- "$copy" "$dest" || { rm -f -- "$copy"; return 1; }
  else ln -- "$copy" "$dest" 2>/dev/null || { rm -f -- "$copy"; return 92; }; rm -f -- "$copy"
  fi
  sync -- "$dest" "$d"
}
restore_files() {
  r_force=$1 r_dry_run=$2
  shift 2
  r_n=0
  while [ "$#" -ge 7 ]; do
    restore_one "$1" "$2" "$3" "$4" "$5" "$6" "$7"
    echo "RESTORE $r_n $?"
    shift 7
    r_n=$((r_n + 1))
  done
}
restore_files '0' '0' '/var/lib/scour/quarantine/20261125-054357-dd5f/1-0' '/opt/it'\''s ‘odd’ $(x).exe' 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' '4755' 'www-data' 'adm' '1700000000'

#### edited configs
fresh_copy() {
  copy=$(mktemp -p "$2" .scour-restore.XXXXXXXXXX) || return 1
  cp -P -p --remove-destination -- "$1" "$copy" && return 0
  rm -f -- "$copy"
  return 1
}
real_folder() {
  rf_d=${1%/*}
  [ -n "$rf_d" ] || rf_d=/
  [ "$(cd -P -- "$rf_d" 2>/dev/null && pwd -P)" = "$rf_d" ] && return 0
  printf 'the folder of %s is reached through a symbolic link: refusing\n' "$1" >&2
  return 1
}
put_back() {
  pb_d=${2%/*}
  [ -n "$pb_d" ] || pb_d=/
  real_folder "$2" || return 1
  fresh_copy "$1" "$pb_d" || return 1
  if mv -T -f -- "$copy" "$2"; then sync -- "$2" "$pb_d"; return 0; fi
  rm -f -- "$copy"
  return 1
}
restore_config() {
  why=
  if [ -L "$1" ]; then now="is a symbolic link"
  elif [ -f "$1" ]; then now=$(sha256sum < "$1"); now="has SHA-256 ${now%% *}"
  elif [ -e "$1" ]; then now="is not a regular file"
  else now="is missing"
  fi
  [ "$now" != "has SHA-256 $3" ] || return 93
  { [ -f "$2" ] && [ ! -L "$2" ]; } || { why="no backup at $2"; return 94; }
  h=$(sha256sum < "$2"); h=${h%% *}
  [ "$h" = "$3" ] || { why="the backup has SHA-256 $h"; return 95; }
  m=$(stat -c '%a %U %G %Y' -- "$2")
  [ -z "$5" ] || [ "$m" = "$5" ] || { why="the backup's mode, owner, group and mtime are $m"; return 95; }
  if [ "$c_force" = 0 ] && [ "$now" != "has SHA-256 $4" ]; then why="it $now"; return 96; fi
  [ "$c_dry_run" = 0 ] || return 0
  put_back "$2" "$1"
}
restore_configs() {
  c_force=$1 c_dry_run=$2
  shift 2
  c_n=0
  while [ "$#" -ge 5 ]; do
    restore_config "$1" "$2" "$3" "$4" "$5"
    printf 'CONFIG %s %s %s\n' "$c_n" "$?" "$why"
    shift 5
    c_n=$((c_n + 1))
  done
}
restore_configs '0' '0' '/etc/apache2/sites-enabled/it'\''s ‘odd’ $(x).conf' '/var/lib/scour/backups/20261125-054357-dd5f/%etc%apache2%sites-enabled%it'\''s ‘odd’ $(x).conf' 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc' '4755 www-data adm 1700000000'

#### quarantined files --force
fresh_copy() {
  copy=$(mktemp -p "$2" .scour-restore.XXXXXXXXXX) || return 1
  cp -P -p --remove-destination -- "$1" "$copy" && return 0
  rm -f -- "$copy"
  return 1
}
real_folder() {
  rf_d=${1%/*}
  [ -n "$rf_d" ] || rf_d=/
  [ "$(cd -P -- "$rf_d" 2>/dev/null && pwd -P)" = "$rf_d" ] && return 0
  printf 'the folder of %s is reached through a symbolic link: refusing\n' "$1" >&2
  return 1
}
restore_one() {
  stored=$1 dest=$2 sha=$3 recorded="$4 $5 $6 $7"
  [ -f "$stored" ] || [ -L "$stored" ] || return 94
  if [ "$sha" != - ]; then
    h=$(sha256sum < "$stored" | cut -d' ' -f1)
    [ "$h" = "$sha" ] || { echo "quarantined copy has SHA-256 $h" >&2; return 95; }
  fi
  if [ "$r_force" = 0 ] && { [ -e "$dest" ] || [ -L "$dest" ]; }; then return 92; fi
  [ "$r_dry_run" = 0 ] || return 0
  d=${dest%/*}
  [ -n "$d" ] || d=/
  mkdir -p -- "$d" || return 1
  real_folder "$dest" || return 1
  fresh_copy "$stored" "$d" || return 1
  m=$(stat -c '%a %U %G %Y' -- "$copy")
  if [ "$m" != "$recorded" ]; then
    rm -f -- "$copy"
    printf 'the quarantined copy has mode, owner, group and mtime %s, the manifest %s\n' "$m" "$recorded" >&2
    return 1
  fi
  if [ ! -L "$copy" ] && [ "$sha" != - ]; then
    h=$(sha256sum < "$copy" | cut -d' ' -f1)
    [ "$h" = "$sha" ] || { rm -f -- "$copy"; return 95; }
  fi
  if [ "$r_force" = 1 ]; then mv -T -f -- "$copy" "$dest" || { rm -f -- "$copy"; return 1; }
  else ln -- "$copy" "$dest" 2>/dev/null || { rm -f -- "$copy"; return 92; }; rm -f -- "$copy"
  fi
  sync -- "$dest" "$d"
}
restore_files() {
  r_force=$1 r_dry_run=$2
  shift 2
  r_n=0
  while [ "$#" -ge 7 ]; do
    restore_one "$1" "$2" "$3" "$4" "$5" "$6" "$7"
    echo "RESTORE $r_n $?"
    shift 7
    r_n=$((r_n + 1))
  done
}
restore_files '1' '0' '/var/lib/scour/quarantine/20261125-054357-dd5f/1-0' '/opt/it'\''s ‘odd’ $(x).exe' 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' '4755' 'www-data' 'adm' '1700000000'

#### edited configs --force
fresh_copy() {
  copy=$(mktemp -p "$2" .scour-restore.XXXXXXXXXX) || return 1
  cp -P -p --remove-destination -- "$1" "$copy" && return 0
  rm -f -- "$copy"
  return 1
}
real_folder() {
  rf_d=${1%/*}
  [ -n "$rf_d" ] || rf_d=/
  [ "$(cd -P -- "$rf_d" 2>/dev/null && pwd -P)" = "$rf_d" ] && return 0
  printf 'the folder of %s is reached through a symbolic link: refusing\n' "$1" >&2
  return 1
}
put_back() {
  pb_d=${2%/*}
  [ -n "$pb_d" ] || pb_d=/
  real_folder "$2" || return 1
  fresh_copy "$1" "$pb_d" || return 1
  if mv -T -f -- "$copy" "$2"; then sync -- "$2" "$pb_d"; return 0; fi
  rm -f -- "$copy"
  return 1
}
restore_config() {
  why=
  if [ -L "$1" ]; then now="is a symbolic link"
  elif [ -f "$1" ]; then now=$(sha256sum < "$1"); now="has SHA-256 ${now%% *}"
  elif [ -e "$1" ]; then now="is not a regular file"
  else now="is missing"
  fi
  [ "$now" != "has SHA-256 $3" ] || return 93
  { [ -f "$2" ] && [ ! -L "$2" ]; } || { why="no backup at $2"; return 94; }
  h=$(sha256sum < "$2"); h=${h%% *}
  [ "$h" = "$3" ] || { why="the backup has SHA-256 $h"; return 95; }
  m=$(stat -c '%a %U %G %Y' -- "$2")
  [ -z "$5" ] || [ "$m" = "$5" ] || { why="the backup's mode, owner, group and mtime are $m"; return 95; }
  if [ "$c_force" = 0 ] && [ "$now" != "has SHA-256 $4" ]; then why="it $now"; return 96; fi
  [ "$c_dry_run" = 0 ] || return 0
  put_back "$2" "$1"
}
restore_configs() {
  c_force=$1 c_dry_run=$2
  shift 2
  c_n=0
  while [ "$#" -ge 5 ]; do
    restore_config "$1" "$2" "$3" "$4" "$5"
    printf 'CONFIG %s %s %s\n' "$c_n" "$?" "$why"
    shift 5
    c_n=$((c_n + 1))
  done
}
restore_configs '1' '0' '/etc/apache2/sites-enabled/it'\''s ‘odd’ $(x).conf' '/var/lib/scour/backups/20261125-054357-dd5f/%etc%apache2%sites-enabled%it'\''s ‘odd’ $(x).conf' 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc' '4755 www-data adm 1700000000'

#### quarantined files --dry-run
fresh_copy() {
  copy=$(mktemp -p "$2" .scour-restore.XXXXXXXXXX) || return 1
  cp -P -p --remove-destination -- "$1" "$copy" && return 0
  rm -f -- "$copy"
  return 1
}
real_folder() {
  rf_d=${1%/*}
  [ -n "$rf_d" ] || rf_d=/
  [ "$(cd -P -- "$rf_d" 2>/dev/null && pwd -P)" = "$rf_d" ] && return 0
  printf 'the folder of %s is reached through a symbolic link: refusing\n' "$1" >&2
  return 1
}
restore_one() {
  stored=$1 dest=$2 sha=$3 recorded="$4 $5 $6 $7"
  [ -f "$stored" ] || [ -L "$stored" ] || return 94
  if [ "$sha" != - ]; then
    h=$(sha256sum < "$stored" | cut -d' ' -f1)
    [ "$h" = "$sha" ] || { echo "quarantined copy has SHA-256 $h" >&2; return 95; }
  fi
  if [ "$r_force" = 0 ] && { [ -e "$dest" ] || [ -L "$dest" ]; }; then return 92; fi
  [ "$r_dry_run" = 0 ] || return 0
  d=${dest%/*}
  [ -n "$d" ] || d=/
  mkdir -p -- "$d" || return 1
  real_folder "$dest" || return 1
  fresh_copy "$stored" "$d" || return 1
  m=$(stat -c '%a %U %G %Y' -- "$copy")
  if [ "$m" != "$recorded" ]; then
    rm -f -- "$copy"
    printf 'the quarantined copy has mode, owner, group and mtime %s, the manifest %s\n' "$m" "$recorded" >&2
    return 1
  fi
  if [ ! -L "$copy" ] && [ "$sha" != - ]; then
    h=$(sha256sum < "$copy" | cut -d' ' -f1)
    [ "$h" = "$sha" ] || { rm -f -- "$copy"; return 95; }
  fi
  if [ "$r_force" = 1 ]; then mv -T -f -- "$copy" "$dest" || { rm -f -- "$copy"; return 1; }
  else ln -- "$copy" "$dest" 2>/dev/null || { rm -f -- "$copy"; return 92; }; rm -f -- "$copy"
  fi
  sync -- "$dest" "$d"
}
restore_files() {
  r_force=$1 r_dry_run=$2
  shift 2
  r_n=0
  while [ "$#" -ge 7 ]; do
    restore_one "$1" "$2" "$3" "$4" "$5" "$6" "$7"
    echo "RESTORE $r_n $?"
    shift 7
    r_n=$((r_n + 1))
  done
}
restore_files '0' '1' '/var/lib/scour/quarantine/20261125-054357-dd5f/1-0' '/opt/it'\''s ‘odd’ $(x).exe' 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' '4755' 'www-data' 'adm' '1700000000'

#### edited configs --dry-run
fresh_copy() {
  copy=$(mktemp -p "$2" .scour-restore.XXXXXXXXXX) || return 1
  cp -P -p --remove-destination -- "$1" "$copy" && return 0
  rm -f -- "$copy"
  return 1
}
real_folder() {
  rf_d=${1%/*}
  [ -n "$rf_d" ] || rf_d=/
  [ "$(cd -P -- "$rf_d" 2>/dev/null && pwd -P)" = "$rf_d" ] && return 0
  printf 'the folder of %s is reached through a symbolic link: refusing\n' "$1" >&2
  return 1
}
put_back() {
  pb_d=${2%/*}
  [ -n "$pb_d" ] || pb_d=/
  real_folder "$2" || return 1
  fresh_copy "$1" "$pb_d" || return 1
  if mv -T -f -- "$copy" "$2"; then sync -- "$2" "$pb_d"; return 0; fi
  rm -f -- "$copy"
  return 1
}
restore_config() {
  why=
  if [ -L "$1" ]; then now="is a symbolic link"
  elif [ -f "$1" ]; then now=$(sha256sum < "$1"); now="has SHA-256 ${now%% *}"
  elif [ -e "$1" ]; then now="is not a regular file"
  else now="is missing"
  fi
  [ "$now" != "has SHA-256 $3" ] || return 93
  { [ -f "$2" ] && [ ! -L "$2" ]; } || { why="no backup at $2"; return 94; }
  h=$(sha256sum < "$2"); h=${h%% *}
  [ "$h" = "$3" ] || { why="the backup has SHA-256 $h"; return 95; }
  m=$(stat -c '%a %U %G %Y' -- "$2")
  [ -z "$5" ] || [ "$m" = "$5" ] || { why="the backup's mode, owner, group and mtime are $m"; return 95; }
  if [ "$c_force" = 0 ] && [ "$now" != "has SHA-256 $4" ]; then why="it $now"; return 96; fi
  [ "$c_dry_run" = 0 ] || return 0
  put_back "$2" "$1"
}
restore_configs() {
  c_force=$1 c_dry_run=$2
  shift 2
  c_n=0
  while [ "$#" -ge 5 ]; do
    restore_config "$1" "$2" "$3" "$4" "$5"
    printf 'CONFIG %s %s %s\n' "$c_n" "$?" "$why"
    shift 5
    c_n=$((c_n + 1))
  done
}
restore_configs '0' '1' '/etc/apache2/sites-enabled/it'\''s ‘odd’ $(x).conf' '/var/lib/scour/backups/20261125-054357-dd5f/%etc%apache2%sites-enabled%it'\''s ‘odd’ $(x).conf' 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc' '4755 www-data adm 1700000000'
