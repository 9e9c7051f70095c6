# command: /bin/sh -s
# Scour probe (read-only). Protocol: docs/probes.md
LC_ALL=C
export LC_ALL
n=0
rec() { n=$((n + 1)); printf '%s %s %s\n' "$1" "$2" "$3"; }
recv() {
  n=$((n + 1))
  case $3 in
    *[!A-Za-z0-9._:@/+-]*) printf '%s %s ' "$1" "$2"; printf '%s' "$3" | base64 -w 0; printf '\n' ;;
    *) printf '%s %s =%s\n' "$1" "$2" "$3" ;;
  esac
}
p_fail() { recv "$1" error "$2"; }
p_facts() {
  # Read from /proc with the shell's own `read`: no process started (uname -n, uname -sr).
  fh='' fb='' fo='' fk='' fr=''
  read -r fh 2>/dev/null </proc/sys/kernel/hostname || fh=$(uname -n)
  recv "$1" hostname "$fh"
  if read -r fb 2>/dev/null </proc/sys/kernel/random/boot_id && [ -n "$fb" ]; then
    recv "$1" boot_id "$fb"
  else
    p_fail "$1" 'cannot read /proc/sys/kernel/random/boot_id'; return
  fi
  if [ -r /etc/os-release ]; then
    while IFS= read -r fl; do
      case $fl in PRETTY_NAME=*) fo=${fl#PRETTY_NAME=} ;; esac
    done </etc/os-release
  fi
  recv "$1" os "$fo"
  { read -r fk 2>/dev/null </proc/sys/kernel/ostype && read -r fr 2>/dev/null </proc/sys/kernel/osrelease; } || { fk=$(uname -s); fr=$(uname -r); }
  recv "$1" kernel "$fk $fr"
}
p_unseen() { recv "$1" "$2" "$3${4:+:$4}"; }
u_add() {
  [ "$gu" -ge "$gmax" ] || [ "$gu" -ge 64 ] || p_unseen "$gi" "unseen.$gu" "$1" "$2"
  gu=$((gu + 1))
}
u_count() { [ "$gu" -eq 0 ] || recv "$gi" unseen_count "$gu"; }
p_reach() {
  ru='' rd='' rr=${1#/}
  while [ -x "${rd:-/}" ]; do
    case $rr in */*) ;; *) return ;; esac
    rd=$rd/${rr%%/*} rr=${rr#*/}
    [ -d "$rd" ] || return
  done
  ru=${rd:-/}
}
p_absent() {
  p_reach "$3"
  if [ -n "$ru" ]; then
    t=unknown; rec "$1" "$2type" dW5rbm93bg==; p_unseen "$1" "$2unseen" permission_denied "$ru"
  else
    t=absent; rec "$1" "$2type" YWJzZW50
  fi
}
p_file() {
  # Constant values are written in base64 already: a fork saved per record.
  pu=''
  if [ -L "$3" ]; then t=symlink tb=c3ltbGluaw==
  elif [ -f "$3" ]; then t=regular tb=cmVndWxhcg==
  elif [ -d "$3" ]; then t=directory tb=ZGlyZWN0b3J5
  elif [ -e "$3" ]; then t=other tb=b3RoZXI=
  else p_absent "$@"; return; fi
  if ! s=$(stat --printf '%s:%a:%u:%g:%Y:%U:%G' -- "$3" 2>/dev/null); then
    if [ -e "$3" ] || [ -L "$3" ]; then
      t=unknown; rec "$1" "$2type" dW5rbm93bg==; p_unseen "$1" "$2unseen" io_error
    else p_absent "$@"; fi
    return
  fi
  rec "$1" "$2type" "$tb"
  recv "$1" "$2stat" "$s"
  [ "$t" = regular ] || return 0
  pu=1
  if [ ! -r "$3" ]; then
    if [ -f "$3" ]; then p_unseen "$1" "$2unseen" permission_denied; else p_unseen "$1" "$2unseen" not_a_regular_file; fi
    return
  fi
  # Opened without blocking (a FIFO swapped in reads as empty, never waits for a writer)
  # and without following a final symlink; the type is checked again after the read,
  # and no bytes from a file stat said had some is a read that failed.
  h=$(dd if="$3" iflag=nonblock,nofollow bs=64k status=none 2>/dev/null | sha256sum)
  if [ ! -f "$3" ] || [ -L "$3" ]; then p_unseen "$1" "$2unseen" not_a_regular_file; return; fi
  case $h:${s%%:*} in
    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855*:0) ;;
    e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855*) p_unseen "$1" "$2unseen" io_error; return ;;
  esac
  pu=''; recv "$1" "$2sha256" "${h%% *}"
}
g_walk() {
  case $2 in
    */*) set -- "$1" "${2%%/*}" "${2#*/}" ;;
    *) set -- "$1" "$2" '' ;;
  esac
  case $2 in
    '') [ -z "$3" ] || g_walk "$1" "$3"; return ;;
    *[][*?]*) ;;
    *) g_step "$1/$2" "$3"; return ;;
  esac
  [ -r "${1:-/}" ] || { u_add permission_denied "${1:-/}"; return; }
  gifs=$IFS
  IFS=''
  # shellcheck disable=SC2086 # IFS is empty: the component is a pattern, the folder before it a literal
  set -- "$3" "$1"/$2
  IFS=$gifs
  gf=1
  for g in "$@"; do
    if [ -n "$gf" ]; then gf=''; continue; fi
    g_step "$g" "$1"
  done
}
g_step() {
  if [ -z "$2" ]; then
    if [ -e "$1" ] || [ -L "$1" ]; then "$gcb" "$1"; fi
  elif [ -d "$1" ]; then
    if [ -x "$1" ]; then g_walk "$1" "$2"; else u_add permission_denied "$1"; fi
  fi
}
p_glob() {
  gi=$1 gmax=$3 gread=$4 gk=0 gu=0 gcb=p_glob_match
  g_walk '' "${2#/}"
  recv "$gi" count "$gk"
  u_count
}
p_glob_match() {
  if [ "$gk" -lt "$gmax" ]; then
    recv "$gi" "$gk.path" "$1"
    p_file "$gi" "$gk." "$1"
    if [ -n "$gread" ] && [ "$t" = regular ] && [ -z "$pu" ]; then
      n=$((n + 1)); printf '%s %s ' "$gi" "$gk.data"
      dd if="$1" iflag=nonblock,nofollow,fullblock bs="$gread" count=1 status=none 2>/dev/null | base64 -w 0; printf '\n'
    fi
  fi
  gk=$((gk + 1))
}
p_content() {
  if [ -f "$2" ]; then
    rec "$1" type cmVndWxhcg==
    if [ ! -r "$2" ]; then p_unseen "$1" unseen permission_denied; return; fi
    n=$((n + 1)); printf '%s data ' "$1"
    dd if="$2" iflag=nonblock,fullblock bs="$3" count=1 status=none 2>/dev/null | base64 -w 0; printf '\n'
    [ -f "$2" ] || p_unseen "$1" unseen not_a_regular_file
  elif [ -d "$2" ]; then rec "$1" type ZGlyZWN0b3J5
  elif [ -e "$2" ]; then rec "$1" type b3RoZXI=
  else p_absent "$1" '' "$2"; fi
}
p_cglob() {
  gi=$1 gr=$3 gmax=$4 gl=$5 gk=0 gu=0 gcb=p_cglob_match
  grep -E -e "$gr" </dev/null >/dev/null 2>&1
  [ "$?" -le 1 ] || { p_fail "$gi" "grep refused the pattern"; return; }
  g_walk '' "${2#/}"
  recv "$gi" count "$gk"
  u_count
}
p_cglob_match() {
  if [ "$gk" -lt "$gmax" ] && [ -f "$1" ]; then
    if [ -r "$1" ]; then
      m=$(dd if="$1" iflag=nonblock bs=64k status=none 2>/dev/null | sed 's/\r$//' | grep -a -E -n -m 1 -e "$gr" | head -c "$gl")
      if [ ! -f "$1" ]; then
        u_add not_a_regular_file "$1"
      elif [ -n "$m" ]; then
        recv "$gi" "$gk.path" "$1"
        recv "$gi" "$gk.line" "${m%%:*}"
        n=$((n + 1)); printf '%s %s ' "$gi" "$gk.text"; printf '%s' "${m#*:}" | base64 -w 0; printf '\n'
      fi
    else
      u_add permission_denied "$1"
    fi
  fi
  gk=$((gk + 1))
}
p_stat() {
  ps_line=
  { while IFS= read -r l; do ps_line="$ps_line$l
"; done; } 2>/dev/null <"/proc/$1/stat" || return 1
  [ -n "$ps_line" ] || return 1
  ps_comm=${ps_line#*'('}
  ps_comm=${ps_comm%')'*}
  # shellcheck disable=SC2086 # the fields after the name, split on spaces
  set -- ${ps_line##*') '}
  [ "$#" -ge 20 ] || return 1
  ps_state=$1 ps_ppid=$2 ps_flags=$7 ps_start=${20}
}
p_hidden() {
  ph='' pl=''
  while IFS= read -r pl; do case $pl in Uid:*) break ;; esac; done </proc/self/status
  # shellcheck disable=SC2086 # the uids, split on tabs
  set -- ${pl#Uid:}
  [ "$2" != 0 ] || return 0
  while IFS= read -r pl; do
    case $pl in
      *' /proc '*' - proc '*)
        ph=''
        case $pl in
          *hidepid=*) pv=${pl##*hidepid=}; pv=${pv%%[, ]*}; [ "$pv" = 0 ] || [ "$pv" = off ] || ph=1 ;;
        esac ;;
    esac
  done </proc/self/mountinfo
}
p_procs() {
  pi=$1 pn=$2 px=$3 pm=$4 pr=$5 pmax=$6 phash=$7 pcl=$8
  if [ -n "$pr" ]; then
    grep -E -e "$pr" </dev/null >/dev/null 2>&1
    [ "$?" -le 1 ] || { p_fail "$pi" "grep refused the pattern"; return; }
  fi
  read -r ps_self _ </proc/self/stat
  pa=' ' a=$ps_self
  while [ "$a" -gt 1 ] 2>/dev/null; do
    pa="$pa$a "
    p_stat "$a" || break
    a=$ps_ppid
  done
  pc=0 gi=$pi gmax=$pmax gu=0
  p_hidden
  [ -z "$ph" ] || u_add hidden_processes /proc
  for d in /proc/[0-9]*; do
    p=${d#/proc/}
    [ "$p" -gt 1 ] 2>/dev/null || continue
    case $pa in *" $p "*) continue ;; esac
    p_stat "$p" || continue
    [ $((ps_flags & 2097152)) -eq 0 ] || continue
    [ "$ps_state" != Z ] || continue
    [ -z "$pn" ] || [ "$ps_comm" = "$pn" ] || continue
    if ! { e=$(readlink "/proc/$p/exe" 2>/dev/null) && [ -n "$e" ]; }; then
      [ -d "/proc/$p" ] || continue
      if [ -n "$pr" ] && [ -r "/proc/$p/cmdline" ]; then
        c=$(tr '\000\n' '  ' <"/proc/$p/cmdline" 2>/dev/null | head -c 65536)
        printf '%s\n' "${c% }" | grep -a -E -q -e "$pr" || continue
      fi
      u_add permission_denied "/proc/$p/exe"
      continue
    fi
    pd=0
    case $e in *' (deleted)') [ -e "$e" ] || { pd=1; e=${e% (deleted)}; } ;; esac
    if [ -n "$px" ]; then
      if [ "$pm" = glob ]; then
        # shellcheck disable=SC2254 # the executable glob, matched against
        case $e in $px) ;; *) continue ;; esac
      else
        [ "$e" = "$px" ] || continue
      fi
    fi
    [ -r "/proc/$p/cmdline" ] || { [ ! -d "/proc/$p" ] || u_add permission_denied "/proc/$p/cmdline"; continue; }
    c=$(tr '\000\n' '  ' <"/proc/$p/cmdline" 2>/dev/null | head -c 65536) || continue
    c=${c% }
    if [ -n "$pr" ]; then printf '%s\n' "$c" | grep -a -E -q -e "$pr" || continue; fi
    pcomm=$ps_comm pstart=$ps_start a=$ps_ppid
    while [ "$a" -gt 1 ] 2>/dev/null && [ "$a" != "$ps_self" ]; do p_stat "$a" || break; a=$ps_ppid; done
    [ "$a" != "$ps_self" ] || continue
    s=$(stat -c '%u:%U' "/proc/$p" 2>/dev/null) || continue
    if [ "$pc" -lt "$pmax" ]; then
      recv "$pi" "$pc.pid" "$p"
      recv "$pi" "$pc.start" "$pstart"
      recv "$pi" "$pc.uid" "${s%%:*}"
      recv "$pi" "$pc.user" "${s#*:}"
      recv "$pi" "$pc.name" "$pcomm"
      recv "$pi" "$pc.exe" "$e"
      recv "$pi" "$pc.deleted" "$pd"
      if z=$(stat -L -c %s "/proc/$p/exe" 2>/dev/null); then
        recv "$pi" "$pc.size" "$z"
        if [ "$z" -le "$phash" ] && h=$(sha256sum <"/proc/$p/exe" 2>/dev/null); then recv "$pi" "$pc.sha256" "${h%% *}"; fi
      fi
      n=$((n + 1)); printf '%s %s ' "$pi" "$pc.cmdline"; printf '%s' "$c" | head -c "$pcl" | base64 -w 0; printf '\n'
    fi
    pc=$((pc + 1))
  done
  recv "$pi" count "$pc"
  u_count
}
p_command() {
  if command -v timeout >/dev/null 2>&1; then
    timeout -k 5 "$3" sh -c "$2" </dev/null >/dev/null 2>&1
  else
    sh -c "$2" </dev/null >/dev/null 2>&1
  fi
  r=$?
  case $r in
    0) rec "$1" exit MA== ;;
    1) rec "$1" exit MQ== ;;
    *) recv "$1" exit "$r" ;;
  esac
}
p_package() {
  if command -v dpkg-query >/dev/null 2>&1; then
    rec "$1" manager ZHBrZw==
    if v=$(dpkg-query -W -f '${db:Status-Abbrev}${Version}\n' "$2" 2>/dev/null); then
      recv "$1" status "$v"
    fi
  elif command -v rpm >/dev/null 2>&1; then
    rec "$1" manager cnBt
    if v=$(rpm -q --qf '%{EPOCH}:%{VERSION}-%{RELEASE}\n' "$2" 2>/dev/null); then
      recv "$1" status "$v"
    fi
  else
    rec "$1" manager bm9uZQ==
  fi
}
p_service() {
  if command -v systemctl >/dev/null 2>&1; then
    rec "$1" manager c3lzdGVtZA==
    recv "$1" active "$(systemctl is-active "$2" 2>/dev/null)"
    recv "$1" enabled "$(systemctl is-enabled "$2" 2>/dev/null)"
  else
    rec "$1" manager bm9uZQ==
  fi
}
scour_probe() {
  printf '%s %s %s\n' SCOUR-PROBE 1 'GoldenNonce0123456789abc'
  p_facts 0
  p_procs 1 'kworkerds' '' '' '' 10 268435456 4097
  p_file 2 '' '/opt/.kworker/kworkerds'
  p_file 3 '' '/etc/cron.d/kworker'
  p_file 4 '' '/etc/systemd/system/kworker.service'
  p_content 5 '/root/.ssh/authorized_keys' 4194305
  p_service 6 'kworker.service'
  p_file 7 '' '/opt/.kworker/config.json'
  p_command 8 '! grep -q '\'' x@kworker$'\'' /root/.ssh/authorized_keys' 30
  printf '%s %s %s\n' SCOUR-END 'GoldenNonce0123456789abc' "$n"
}
scour_probe </dev/null
