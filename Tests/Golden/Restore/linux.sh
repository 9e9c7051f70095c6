#### quarantined files
restore_one() {
  n=$1 stored=$2 dest=$3 sha=$4 mode=$5 owner=$6 group=$7 mtime=$8
  [ -f "$stored" ] || [ -L "$stored" ] || return 94
  if [ "$sha" != - ]; then
    h=$(sha256sum < "$stored" | cut -d' ' -f1)
    [ "$h" = "$sha" ] || { echo "quarantined copy has SHA-256 $h" >&2; return 95; }
  fi
  if [ 0 = 0 ] && { [ -e "$dest" ] || [ -L "$dest" ]; }; then return 96; fi
  [ 0 = 0 ] || return 0
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
  if [ 0 = 1 ]; then mv -f -- "$t" "$dest" || { rm -f -- "$t"; return 1; }
  else ln -- "$t" "$dest" 2>/dev/null || { rm -f -- "$t"; return 96; }; rm -f -- "$t"
  fi
  sync -- "$dest" "$d"
}
restore_one 0 '/var/lib/scour/quarantine/20261125-054357-dd5f/1-0' '/opt/it'\''s ‘odd’ $(x).exe' 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' '4755' 'www-data' 'adm' '1700000000'
echo "RESTORE 0 $?"

#### edited configs
put_back() {
  pb_d=${2%/*}
  [ -n "$pb_d" ] || pb_d=/
  pb_t=$(mktemp -p "$pb_d" .scour-restore.XXXXXXXXXX) || return 1
  if cp -p --remove-destination -- "$1" "$pb_t" && mv -T -f -- "$pb_t" "$2"; then sync -- "$2" "$pb_d"; return 0; fi
  rm -f -- "$pb_t"
  return 1
}
restore_config() {
  why=
  { [ -f "$2" ] && [ ! -L "$2" ]; } || { why="no backup at $2"; return 94; }
  h=$(sha256sum < "$2"); h=${h%% *}
  [ "$h" = "$3" ] || { why="the backup has SHA-256 $h"; return 95; }
  m=$(stat -c '%a %U %G %Y' -- "$2")
  [ "$m" = "$5" ] || { why="the backup's mode, owner, group and mtime are $m"; return 95; }
  if [ -L "$1" ]; then now="is a symbolic link"
  elif [ -f "$1" ]; then now=$(sha256sum < "$1"); now="has SHA-256 ${now%% *}"
  elif [ -e "$1" ]; then now="is not a regular file"
  else now="is missing"
  fi
  [ "$now" != "has SHA-256 $3" ] || return 93
  if [ 0 = 0 ] && [ "$now" != "has SHA-256 $4" ]; then why="it $now"; return 96; fi
  [ 0 = 0 ] || return 0
  put_back "$2" "$1"
}
restore_config '/etc/apache2/sites-enabled/it'\''s ‘odd’ $(x).conf' '/var/lib/scour/backups/20261125-054357-dd5f/%etc%apache2%sites-enabled%it'\''s ‘odd’ $(x).conf' 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc' '4755 www-data adm 1700000000'
echo "CONFIG 0 $? $why"

#### quarantined files --force
restore_one() {
  n=$1 stored=$2 dest=$3 sha=$4 mode=$5 owner=$6 group=$7 mtime=$8
  [ -f "$stored" ] || [ -L "$stored" ] || return 94
  if [ "$sha" != - ]; then
    h=$(sha256sum < "$stored" | cut -d' ' -f1)
    [ "$h" = "$sha" ] || { echo "quarantined copy has SHA-256 $h" >&2; return 95; }
  fi
  if [ 1 = 0 ] && { [ -e "$dest" ] || [ -L "$dest" ]; }; then return 96; fi
  [ 0 = 0 ] || return 0
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
  if [ 1 = 1 ]; then mv -f -- "$t" "$dest" || { rm -f -- "$t"; return 1; }
  else ln -- "$t" "$dest" 2>/dev/null || { rm -f -- "$t"; return 96; }; rm -f -- "$t"
  fi
  sync -- "$dest" "$d"
}
restore_one 0 '/var/lib/scour/quarantine/20261125-054357-dd5f/1-0' '/opt/it'\''s ‘odd’ $(x).exe' 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' '4755' 'www-data' 'adm' '1700000000'
echo "RESTORE 0 $?"

#### edited configs --force
put_back() {
  pb_d=${2%/*}
  [ -n "$pb_d" ] || pb_d=/
  pb_t=$(mktemp -p "$pb_d" .scour-restore.XXXXXXXXXX) || return 1
  if cp -p --remove-destination -- "$1" "$pb_t" && mv -T -f -- "$pb_t" "$2"; then sync -- "$2" "$pb_d"; return 0; fi
  rm -f -- "$pb_t"
  return 1
}
restore_config() {
  why=
  { [ -f "$2" ] && [ ! -L "$2" ]; } || { why="no backup at $2"; return 94; }
  h=$(sha256sum < "$2"); h=${h%% *}
  [ "$h" = "$3" ] || { why="the backup has SHA-256 $h"; return 95; }
  m=$(stat -c '%a %U %G %Y' -- "$2")
  [ "$m" = "$5" ] || { why="the backup's mode, owner, group and mtime are $m"; return 95; }
  if [ -L "$1" ]; then now="is a symbolic link"
  elif [ -f "$1" ]; then now=$(sha256sum < "$1"); now="has SHA-256 ${now%% *}"
  elif [ -e "$1" ]; then now="is not a regular file"
  else now="is missing"
  fi
  [ "$now" != "has SHA-256 $3" ] || return 93
  if [ 1 = 0 ] && [ "$now" != "has SHA-256 $4" ]; then why="it $now"; return 96; fi
  [ 0 = 0 ] || return 0
  put_back "$2" "$1"
}
restore_config '/etc/apache2/sites-enabled/it'\''s ‘odd’ $(x).conf' '/var/lib/scour/backups/20261125-054357-dd5f/%etc%apache2%sites-enabled%it'\''s ‘odd’ $(x).conf' 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc' '4755 www-data adm 1700000000'
echo "CONFIG 0 $? $why"

#### quarantined files --dry-run
restore_one() {
  n=$1 stored=$2 dest=$3 sha=$4 mode=$5 owner=$6 group=$7 mtime=$8
  [ -f "$stored" ] || [ -L "$stored" ] || return 94
  if [ "$sha" != - ]; then
    h=$(sha256sum < "$stored" | cut -d' ' -f1)
    [ "$h" = "$sha" ] || { echo "quarantined copy has SHA-256 $h" >&2; return 95; }
  fi
  if [ 0 = 0 ] && { [ -e "$dest" ] || [ -L "$dest" ]; }; then return 96; fi
  [ 1 = 0 ] || return 0
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
  if [ 0 = 1 ]; then mv -f -- "$t" "$dest" || { rm -f -- "$t"; return 1; }
  else ln -- "$t" "$dest" 2>/dev/null || { rm -f -- "$t"; return 96; }; rm -f -- "$t"
  fi
  sync -- "$dest" "$d"
}
restore_one 0 '/var/lib/scour/quarantine/20261125-054357-dd5f/1-0' '/opt/it'\''s ‘odd’ $(x).exe' 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' '4755' 'www-data' 'adm' '1700000000'
echo "RESTORE 0 $?"

#### edited configs --dry-run
put_back() {
  pb_d=${2%/*}
  [ -n "$pb_d" ] || pb_d=/
  pb_t=$(mktemp -p "$pb_d" .scour-restore.XXXXXXXXXX) || return 1
  if cp -p --remove-destination -- "$1" "$pb_t" && mv -T -f -- "$pb_t" "$2"; then sync -- "$2" "$pb_d"; return 0; fi
  rm -f -- "$pb_t"
  return 1
}
restore_config() {
  why=
  { [ -f "$2" ] && [ ! -L "$2" ]; } || { why="no backup at $2"; return 94; }
  h=$(sha256sum < "$2"); h=${h%% *}
  [ "$h" = "$3" ] || { why="the backup has SHA-256 $h"; return 95; }
  m=$(stat -c '%a %U %G %Y' -- "$2")
  [ "$m" = "$5" ] || { why="the backup's mode, owner, group and mtime are $m"; return 95; }
  if [ -L "$1" ]; then now="is a symbolic link"
  elif [ -f "$1" ]; then now=$(sha256sum < "$1"); now="has SHA-256 ${now%% *}"
  elif [ -e "$1" ]; then now="is not a regular file"
  else now="is missing"
  fi
  [ "$now" != "has SHA-256 $3" ] || return 93
  if [ 0 = 0 ] && [ "$now" != "has SHA-256 $4" ]; then why="it $now"; return 96; fi
  [ 1 = 0 ] || return 0
  put_back "$2" "$1"
}
restore_config '/etc/apache2/sites-enabled/it'\''s ‘odd’ $(x).conf' '/var/lib/scour/backups/20261125-054357-dd5f/%etc%apache2%sites-enabled%it'\''s ‘odd’ $(x).conf' 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' 'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc' '4755 www-data adm 1700000000'
echo "CONFIG 0 $? $why"
