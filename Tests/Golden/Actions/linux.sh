#### quarantine
real_folder() {
  rf_d=${1%/*}
  [ -n "$rf_d" ] || rf_d=/
  [ "$(cd -P -- "$rf_d" 2>/dev/null && pwd -P)" = "$rf_d" ] && return 0
  printf 'the folder of %s is reached through a symbolic link: refusing\n' "$1" >&2
  return 1
}
set -e
umask 077
quarantine_one() {
  [ -e "$1" ] || [ -L "$1" ] || return 0
  real_folder "$1"
  s=$(stat --printf '"size":%s,"mode":"%a","owner":"%U","group":"%G","mtime":%Y' -- "$1")
  h=-
  if [ ! -L "$1" ] && [ -f "$1" ]; then h=$(sha256sum < "$1"); h=${h%% *}; fi
  if [ "$q_mode" = delete ]; then
    rm -f -- "$1"
    printf '{"path_base64":"%s",%s,"sha256":"%s","step":%s,"deleted":true}\n' "$3" "$s" "$h" "$q_step" >> "$q/manifest.jsonl"
  else
    mv -- "$1" "$q/$q_tag-$2"
    printf '{"path_base64":"%s",%s,"sha256":"%s","step":%s,"stored_as":"%s"}\n' "$3" "$s" "$h" "$q_step" "$q_tag-$2" >> "$q/manifest.jsonl"
  fi
}
quarantine_files() {
  q=$1 q_tag=$2 q_step=$3 q_mode=$4 q_count=$5
  shift 5
  mkdir -p "$q"
  q_n=0
  while [ "$q_n" -lt "$q_count" ]; do
    quarantine_one "$1" "$q_n" "$2"
    shift 2
    q_n=$((q_n + 1))
  done
  sync -- "$q" "$q"/* "$@" 2>/dev/null || sync
}
quarantine_files '/var/lib/scour/quarantine/20261125-054357-dd5f' 'backdoors.0badf00d' '"backdoors"' 'move' '2' '/var/www/scripts/root.exe' 'L3Zhci93d3cvc2NyaXB0cy9yb290LmV4ZQ==' '/opt/it'\''s ‘odd’ $(x).exe' 'L29wdC9pdCdzIOKAmG9kZOKAmSAkKHgpLmV4ZQ==' '/opt' '/var/www/scripts'

#### delete
real_folder() {
  rf_d=${1%/*}
  [ -n "$rf_d" ] || rf_d=/
  [ "$(cd -P -- "$rf_d" 2>/dev/null && pwd -P)" = "$rf_d" ] && return 0
  printf 'the folder of %s is reached through a symbolic link: refusing\n' "$1" >&2
  return 1
}
set -e
umask 077
quarantine_one() {
  [ -e "$1" ] || [ -L "$1" ] || return 0
  real_folder "$1"
  s=$(stat --printf '"size":%s,"mode":"%a","owner":"%U","group":"%G","mtime":%Y' -- "$1")
  h=-
  if [ ! -L "$1" ] && [ -f "$1" ]; then h=$(sha256sum < "$1"); h=${h%% *}; fi
  if [ "$q_mode" = delete ]; then
    rm -f -- "$1"
    printf '{"path_base64":"%s",%s,"sha256":"%s","step":%s,"deleted":true}\n' "$3" "$s" "$h" "$q_step" >> "$q/manifest.jsonl"
  else
    mv -- "$1" "$q/$q_tag-$2"
    printf '{"path_base64":"%s",%s,"sha256":"%s","step":%s,"stored_as":"%s"}\n' "$3" "$s" "$h" "$q_step" "$q_tag-$2" >> "$q/manifest.jsonl"
  fi
}
quarantine_files() {
  q=$1 q_tag=$2 q_step=$3 q_mode=$4 q_count=$5
  shift 5
  mkdir -p "$q"
  q_n=0
  while [ "$q_n" -lt "$q_count" ]; do
    quarantine_one "$1" "$q_n" "$2"
    shift 2
    q_n=$((q_n + 1))
  done
  sync -- "$q" "$q"/* "$@" 2>/dev/null || sync
}
quarantine_files '/var/lib/scour/quarantine/20261125-054357-dd5f' 'backdoors.0badf00d' '"backdoors"' 'delete' '2' '/var/www/scripts/root.exe' 'L3Zhci93d3cvc2NyaXB0cy9yb290LmV4ZQ==' '/opt/it'\''s ‘odd’ $(x).exe' 'L29wdC9pdCdzIOKAmG9kZOKAmSAkKHgpLmV4ZQ==' '/opt' '/var/www/scripts'

#### replace config (staged at /var/lib/scour/staging/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf)
real_folder() {
  rf_d=${1%/*}
  [ -n "$rf_d" ] || rf_d=/
  [ "$(cd -P -- "$rf_d" 2>/dev/null && pwd -P)" = "$rf_d" ] && return 0
  printf 'the folder of %s is reached through a symbolic link: refusing\n' "$1" >&2
  return 1
}
set -e
replace_config() {
  rc_config=$1 rc_folder=$2 rc_staged=$3 rc_backup=$5
  if [ -L "$rc_config" ]; then
    printf '%s is a symbolic link: scour edits a config only in place\n' "$rc_config" >&2
    exit 1
  fi
  real_folder "$rc_config"
  h=$(sha256sum < "$rc_config")
  if [ "${h%% *}" != "$6" ]; then
    rm -f -- "$rc_staged"
    printf '%s changed on the host since it was read (SHA-256 now %s)\n' "$rc_config" "${h%% *}" >&2
    exit 96
  fi
  mkdir -p -m 700 "$4"
  [ -e "$rc_backup" ] || cp -P -p -- "$rc_config" "$rc_backup"
  chown --reference="$rc_config" -- "$rc_staged"
  chmod --reference="$rc_config" -- "$rc_staged"
  w=$(sha256sum < "$rc_staged")
  n=$(mktemp -p "$rc_folder" .scour-edit.XXXXXXXXXX)
  cp -P -p --remove-destination -- "$rc_staged" "$n" || { rm -f -- "$n"; exit 1; }
  rm -f -- "$rc_staged"
  mv -f -T -- "$n" "$rc_config"
  sync -- "$rc_config" "$rc_folder"
  b=$(sha256sum < "$rc_backup")
  printf 'SCOUR-BACKUP {"sha256":"%s","written":"%s",' "${b%% *}" "${w%% *}"
  stat --printf '"mode":"%a","owner":"%U","group":"%G","mtime":%Y}\n' -- "$rc_backup"
}
replace_config '/etc/apache2/sites-enabled/000-default.conf' '/etc/apache2/sites-enabled' '/var/lib/scour/staging/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf' '/var/lib/scour/backups/20261125-054357-dd5f' '/var/lib/scour/backups/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf' 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'

#### restore config
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
put_back '/var/lib/scour/backups/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf' '/etc/apache2/sites-enabled/000-default.conf' || exit 1

#### validate the edit
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
if ! ( apachectl configtest
); then
put_back '/var/lib/scour/backups/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf' '/etc/apache2/sites-enabled/000-default.conf' || exit 1
exit 98
fi

#### stage the edited config
set -e
umask 077
stage_file() {
  mkdir -p -m 700 -- "$1"
  base64 -d > "$2"
}
stage_file '/var/lib/scour/staging/20261125-054357-dd5f' '/var/lib/scour/staging/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf' <<'SCOUR_STAGED'
QWxpYXMgL2ljb25zLyAiL3Vzci9zaGFyZS9hcGFjaGUyL2ljb25zLyIK
SCOUR_STAGED

#### make the patch folder
# none: the SFTP upload makes it

#### install the patch
set -e
place_patch() {
  pp_upload=$1 pp_patch=$2
  if [ -n "$pp_upload" ]; then
    { [ -f "$pp_upload" ] && [ ! -L "$pp_upload" ]; } || { printf '%s is not the plain file scour uploaded: not installing\n' "$pp_upload" >&2; exit 1; }
    mkdir -p -m 700 -- "$3"
    if [ -O "$pp_upload" ]; then mv -f -T -- "$pp_upload" "$pp_patch"; else cp --remove-destination -- "$pp_upload" "$pp_patch"; rm -f -- "$pp_upload"; fi
    sync -- "$pp_patch" "$3"
  fi
  h=$(sha256sum < "$pp_patch")
  h=${h%% *}
  if [ "$h" != "$4" ]; then echo "SHA-256 on the host is $h: not installing" >&2; exit 97; fi
}
place_patch '/var/lib/scour/staging/20261125-054357-dd5f/%var%lib%scour%patches%c1c99cb017673129-ms01-033.sh' '/var/lib/scour/patches/c1c99cb017673129-ms01-033.sh' '/var/lib/scour/patches' '0000000000000000000000000000000000000000000000000000000000000000'
sh '/var/lib/scour/patches/c1c99cb017673129-ms01-033.sh'

#### stop and disable
set -e
stop_and_disable() {
  systemctl stop "$1"
  systemctl disable "$1"
}
stop_and_disable 'apache2'

#### reboot
set -e
request_reboot() {
  mkdir -p -m 700 /var/lib/scour/reboots
  cat /proc/sys/kernel/random/boot_id > "$1"
  nohup sh -c 'sleep 0.2; reboot' </dev/null >/dev/null 2>&1 &
}
request_reboot '/var/lib/scour/reboots/20261125-054357-dd5f.clear_memory'

#### reboot requested
cat '/var/lib/scour/reboots/20261125-054357-dd5f.clear_memory' 2>/dev/null || true

#### boot id
cat /proc/sys/kernel/random/boot_id

#### read the manifest
cat '/var/lib/scour/quarantine/20261125-054357-dd5f/manifest.jsonl' 2>/dev/null || true

#### wait
sleep 30
