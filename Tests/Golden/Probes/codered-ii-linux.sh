# command: /bin/sh -s
# Scour probe (read-only). Protocol: docs/probes.md
LC_ALL=C
export LC_ALL
n=0
rec() { n=$((n + 1)); printf '%s %s %s\n' "$1" "$2" "$3"; }
str() { printf '%s' "$1" | base64 -w 0; }
p_fail() { rec "$1" error "$(str "$2")"; }
p_facts() {
  rec "$1" hostname "$(str "$(uname -n)")"
  if b=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null) && [ -n "$b" ]; then
    rec "$1" boot_id "$(str "$b")"
  else
    p_fail "$1" 'cannot read /proc/sys/kernel/random/boot_id'; return
  fi
  rec "$1" os "$(str "$(sed -n 's/^PRETTY_NAME=//p' /etc/os-release 2>/dev/null)")"
  rec "$1" kernel "$(str "$(uname -sr)")"
}
p_file() {
  # Constant values are written in base64 already: a fork saved per record.
  if [ -L "$3" ]; then t=symlink tb=c3ltbGluaw==
  elif [ -f "$3" ]; then t=regular tb=cmVndWxhcg==
  elif [ -d "$3" ]; then t=directory tb=ZGlyZWN0b3J5
  elif [ -e "$3" ]; then t=other tb=b3RoZXI=
  else rec "$1" "$2type" YWJzZW50; return; fi
  rec "$1" "$2type" "$tb"
  if s=$(stat --printf '%s\n%a\n%u\n%g\n%Y\n%U\n%G' -- "$3" 2>/dev/null); then
    rec "$1" "$2stat" "$(str "$s")"
  else
    p_fail "$1" "stat failed"; return
  fi
  if [ "$t" = regular ]; then
    if h=$(sha256sum < "$3" 2>/dev/null); then
      rec "$1" "$2sha256" "$(str "${h%% *}")"
    else
      p_fail "$1" "cannot read the file to hash it"
    fi
  fi
}
p_glob() {
  gi=$1 gmax=$3
  gifs=$IFS
  IFS=''
  set -- $2
  IFS=$gifs
  if [ "$#" -eq 1 ] && [ ! -e "$1" ] && [ ! -L "$1" ]; then set --; fi
  rec "$gi" count "$(str "$#")"
  gk=0
  for g in "$@"; do
    [ "$gk" -lt "$gmax" ] || break
    rec "$gi" "$gk.path" "$(str "$g")"
    p_file "$gi" "$gk." "$g"
    gk=$((gk + 1))
  done
}
p_content() {
  if [ -f "$2" ]; then
    rec "$1" type cmVndWxhcg==
    if [ -r "$2" ]; then
      rec "$1" data "$(head -c "$3" -- "$2" | base64 -w 0)"
    else
      p_fail "$1" "the file is not readable"
    fi
  elif [ -d "$2" ]; then rec "$1" type ZGlyZWN0b3J5
  elif [ -e "$2" ]; then rec "$1" type b3RoZXI=
  else rec "$1" type YWJzZW50; fi
}
p_process() {
  if command -v pgrep >/dev/null 2>&1; then
    pgrep -x -- "$2" >/dev/null 2>&1
    case $? in
      0) r=1 ;;
      1) r=0 ;;
      *) p_fail "$1" "pgrep failed"; return ;;
    esac
  else
    r=0
    for c in /proc/[0-9]*/comm; do
      IFS= read -r x < "$c" 2>/dev/null || continue
      if [ "$x" = "$3" ]; then r=1; break; fi
    done
  fi
  if [ "$r" = 1 ]; then rec "$1" running MQ==; else rec "$1" running MA==; fi
}
p_command() {
  if command -v timeout >/dev/null 2>&1; then
    timeout -k 5 "$3" sh -c "$2" </dev/null >/dev/null 2>&1
  else
    sh -c "$2" </dev/null >/dev/null 2>&1
  fi
  r=$?
  rec "$1" exit "$(str "$r")"
}
p_package() {
  if command -v dpkg-query >/dev/null 2>&1; then
    rec "$1" manager ZHBrZw==
    if v=$(dpkg-query -W -f '${db:Status-Abbrev}${Version}\n' "$2" 2>/dev/null); then
      rec "$1" status "$(str "$v")"
    fi
  elif command -v rpm >/dev/null 2>&1; then
    rec "$1" manager cnBt
    if v=$(rpm -q --qf '%{EPOCH}:%{VERSION}-%{RELEASE}\n' "$2" 2>/dev/null); then
      rec "$1" status "$(str "$v")"
    fi
  else
    rec "$1" manager bm9uZQ==
  fi
}
p_service() {
  if command -v systemctl >/dev/null 2>&1; then
    rec "$1" manager c3lzdGVtZA==
    rec "$1" active "$(str "$(systemctl is-active "$2" 2>/dev/null)")"
    rec "$1" enabled "$(str "$(systemctl is-enabled "$2" 2>/dev/null)")"
  else
    rec "$1" manager bm9uZQ==
  fi
}
scour_probe() {
  printf '%s %s %s\n' SCOUR-PROBE 1 'GoldenNonce0123456789abc'
  p_facts 0
  p_file 1 '' '/var/www/scripts/root.exe'
  p_file 2 '' '/var/www/msadc/root.exe'
  p_file 3 '' '/opt/explorer.exe'
  p_content 4 '/etc/apache2/sites-enabled/000-default.conf' 4194305
  p_file 5 '' '/var/lib/patches/MS01-033'
  p_file 6 '' '/var/lib/scour/patches/c1c99cb017673129-ms01-033.sh'
  p_service 7 'apache2'
  printf '%s %s %s\n' SCOUR-END 'GoldenNonce0123456789abc' "$n"
}
scour_probe </dev/null
