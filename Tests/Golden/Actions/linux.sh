#### quarantine
real_folder() {
  rf_d=${1%/*}
  [ -n "$rf_d" ] || rf_d=/
  [ "$(cd -P -- "$rf_d" 2>/dev/null && pwd -P)" = "$rf_d" ] && return 0
  echo "the folder of $1 is reached through a symbolic link: refusing" >&2
  return 1
}
set -e
umask 077
q='/var/lib/scour/quarantine/20261125-054357-dd5f'
mkdir -p "$q"
t='backdoors.0badf00d'
quarantine_one() {
  [ -e "$1" ] || [ -L "$1" ] || return 0
  real_folder "$1"
  s=$(stat --printf '%s %a %U %G %Y' -- "$1")
  set -- "$1" "$2" "$3" $s
  h=-
  if [ ! -L "$1" ] && [ -f "$1" ]; then h=$(sha256sum < "$1"); h=${h%% *}; fi
  mv -- "$1" "$q/$t-$2"
  printf '{"path_base64":"%s","size":%s,"mode":"%s","owner":"%s","group":"%s","mtime":%s,"sha256":"%s","step":%s,"stored_as":"%s"}\n' "$3" "$4" "$5" "$6" "$7" "$8" "$h" '"backdoors"' "$t-$2" >> "$q/manifest.jsonl"
}
quarantine_one '/var/www/scripts/root.exe' 0 L3Zhci93d3cvc2NyaXB0cy9yb290LmV4ZQ==
quarantine_one '/opt/it'\''s ‘odd’ $(x).exe' 1 L29wdC9pdCdzIOKAmG9kZOKAmSAkKHgpLmV4ZQ==
sync -- "$q" "$q"/* '/opt' '/var/www/scripts' 2>/dev/null || sync

#### delete
real_folder() {
  rf_d=${1%/*}
  [ -n "$rf_d" ] || rf_d=/
  [ "$(cd -P -- "$rf_d" 2>/dev/null && pwd -P)" = "$rf_d" ] && return 0
  echo "the folder of $1 is reached through a symbolic link: refusing" >&2
  return 1
}
set -e
umask 077
q='/var/lib/scour/quarantine/20261125-054357-dd5f'
mkdir -p "$q"
t='backdoors.0badf00d'
quarantine_one() {
  [ -e "$1" ] || [ -L "$1" ] || return 0
  real_folder "$1"
  s=$(stat --printf '%s %a %U %G %Y' -- "$1")
  set -- "$1" "$2" "$3" $s
  h=-
  if [ ! -L "$1" ] && [ -f "$1" ]; then h=$(sha256sum < "$1"); h=${h%% *}; fi
  rm -f -- "$1"
  printf '{"path_base64":"%s","size":%s,"mode":"%s","owner":"%s","group":"%s","mtime":%s,"sha256":"%s","step":%s,"deleted":true}\n' "$3" "$4" "$5" "$6" "$7" "$8" "$h" '"backdoors"' >> "$q/manifest.jsonl"
}
quarantine_one '/var/www/scripts/root.exe' 0 L3Zhci93d3cvc2NyaXB0cy9yb290LmV4ZQ==
quarantine_one '/opt/it'\''s ‘odd’ $(x).exe' 1 L29wdC9pdCdzIOKAmG9kZOKAmSAkKHgpLmV4ZQ==
sync -- "$q" "$q"/* '/opt' '/var/www/scripts' 2>/dev/null || sync

#### replace config (staged at /var/lib/scour/staging/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf)
real_folder() {
  rf_d=${1%/*}
  [ -n "$rf_d" ] || rf_d=/
  [ "$(cd -P -- "$rf_d" 2>/dev/null && pwd -P)" = "$rf_d" ] && return 0
  echo "the folder of $1 is reached through a symbolic link: refusing" >&2
  return 1
}
set -e
[ ! -L '/etc/apache2/sites-enabled/000-default.conf' ] || { echo '/etc/apache2/sites-enabled/000-default.conf is a symbolic link: scour edits a config only in place' >&2; exit 1; }
real_folder '/etc/apache2/sites-enabled/000-default.conf'
h=$(sha256sum < '/etc/apache2/sites-enabled/000-default.conf')
if [ "${h%% *}" != 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' ]; then
  rm -f -- '/var/lib/scour/staging/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf'
  echo '/etc/apache2/sites-enabled/000-default.conf changed on the host since it was read (SHA-256 now' "${h%% *})" >&2
  exit 96
fi
mkdir -p -m 700 '/var/lib/scour/backups/20261125-054357-dd5f'
[ -e '/var/lib/scour/backups/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf' ] || cp -P -p -- '/etc/apache2/sites-enabled/000-default.conf' '/var/lib/scour/backups/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf'
chown --reference='/etc/apache2/sites-enabled/000-default.conf' -- '/var/lib/scour/staging/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf'
chmod --reference='/etc/apache2/sites-enabled/000-default.conf' -- '/var/lib/scour/staging/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf'
w=$(sha256sum < '/var/lib/scour/staging/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf')
n=$(mktemp -p '/etc/apache2/sites-enabled' .scour-edit.XXXXXXXXXX)
cp -P -p --remove-destination -- '/var/lib/scour/staging/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf' "$n" || { rm -f -- "$n"; exit 1; }
rm -f -- '/var/lib/scour/staging/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf'
mv -f -T -- "$n" '/etc/apache2/sites-enabled/000-default.conf'
sync -- '/etc/apache2/sites-enabled/000-default.conf' '/etc/apache2/sites-enabled'
b=$(sha256sum < '/var/lib/scour/backups/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf')
printf 'SCOUR-BACKUP {"sha256":"%s","written":"%s","mode":"%s","owner":"%s","group":"%s","mtime":%s}\n' "${b%% *}" "${w%% *}" $(stat -c '%a %U %G %Y' -- '/var/lib/scour/backups/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf')

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
  echo "the folder of $1 is reached through a symbolic link: refusing" >&2
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

#### stage the edited config
set -e
umask 077
mkdir -p -m 700 -- '/var/lib/scour/staging/20261125-054357-dd5f'
base64 -d > '/var/lib/scour/staging/20261125-054357-dd5f/%etc%apache2%sites-enabled%000-default.conf' <<'SCOUR_STAGED'
QWxpYXMgL2ljb25zLyAiL3Vzci9zaGFyZS9hcGFjaGUyL2ljb25zLyIK
SCOUR_STAGED

#### make the patch folder
# none: the SFTP upload makes it

#### install the patch
set -e
upload='/var/lib/scour/staging/20261125-054357-dd5f/%var%lib%scour%patches%c1c99cb017673129-ms01-033.sh'
[ -f "$upload" ] && [ ! -L "$upload" ] || { echo "$upload is not the plain file scour uploaded: not installing" >&2; exit 1; }
mkdir -p -m 700 -- '/var/lib/scour/patches'
if [ -O "$upload" ]; then mv -f -T -- "$upload" '/var/lib/scour/patches/c1c99cb017673129-ms01-033.sh'; else cp --remove-destination -- "$upload" '/var/lib/scour/patches/c1c99cb017673129-ms01-033.sh'; rm -f -- "$upload"; fi
sync -- '/var/lib/scour/patches/c1c99cb017673129-ms01-033.sh' '/var/lib/scour/patches'
h=$(sha256sum < '/var/lib/scour/patches/c1c99cb017673129-ms01-033.sh')
h=${h%% *}
if [ "$h" != '0000000000000000000000000000000000000000000000000000000000000000' ]; then echo "SHA-256 on the host is $h: not installing" >&2; exit 97; fi
sh '/var/lib/scour/patches/c1c99cb017673129-ms01-033.sh'

#### stop and disable
set -e
systemctl stop 'apache2'
systemctl disable 'apache2'

#### reboot
set -e
mkdir -p -m 700 /var/lib/scour/reboots
cat /proc/sys/kernel/random/boot_id > '/var/lib/scour/reboots/20261125-054357-dd5f.clear_memory'
nohup sh -c 'sleep 0.2; reboot' </dev/null >/dev/null 2>&1 &

#### reboot requested
cat '/var/lib/scour/reboots/20261125-054357-dd5f.clear_memory' 2>/dev/null || true

#### boot id
cat /proc/sys/kernel/random/boot_id
