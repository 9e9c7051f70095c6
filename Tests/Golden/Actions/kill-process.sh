set -u
started() {
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  # shellcheck disable=SC2086 # the fields after the name, split on spaces
  set -- ${s##*') '}
  echo "${20}"
}
same() {
  [ "$1" -gt 1 ] && [ "$1" -ne $$ ] && [ -d "/proc/$1" ] || return 1
  if [ -n "$4" ]; then [ "$(started "$1")" = "$4" ] || return 1; fi
  if [ -n "$2" ]; then
    x=$(readlink "/proc/$1/exe" 2>/dev/null) || return 1
    [ "$x" = "$2" ] || [ "$x" = "$2 (deleted)" ]
  else
    [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$3" ]
  fi
}
# Gone when its status cannot be read (reaped meanwhile), or it is a zombie or dead.
running() {
  st=$(grep '^State:' "/proc/$1/status" 2>/dev/null) || return 1
  case "$st" in *Z*|*X*) return 1 ;; esac
}
term() {
  if same "$1" "$2" "$3" "$4"; then kill -TERM "$1" 2>/dev/null && sent="$sent $1" && echo "TERM sent to $1"; else echo "$1 is gone or is another process now: left alone"; fi
}
# KILL to a target sent TERM and still running, if it is still the same process.
force() {
  case " $sent " in *" $1 "*) ;; *) return 0 ;; esac
  running "$1" || return 0
  if same "$1" "$2" "$3" "$4"; then kill -KILL "$1" 2>/dev/null && forced="$forced $1" && echo "KILL sent to $1"; else echo "$1 is another process now: not killed"; fi
}
# Calls $1 with each target's PID EXE NAME START.
each() {
  f=$1
  shift
  while [ "$#" -ge 4 ]; do
    "$f" "$1" "$2" "$3" "$4"
    shift 4
  done
}
left() { l=''; for p in $sent; do running "$p" && l="$l $p"; done; echo "$l"; }
kill_processes() {
  grace=$1
  shift
  sent=''
  each term "$@"
  tenths=0
  while [ -n "$(left)" ] && [ "$tenths" -lt "$grace" ]; do sleep 0.1; tenths=$((tenths + 1)); done
  forced=''
  each force "$@"
  # Only those sent KILL must be gone: another process on a reused pid is not a survivor.
  sent=$forced
  tenths=0
  while [ -n "$(left)" ] && [ "$tenths" -lt 50 ]; do sleep 0.1; tenths=$((tenths + 1)); done
  l=$(left)
  [ -z "$l" ] || { echo "still running after KILL:$l" >&2; exit 99; }
}
kill_processes '25' '4242' '/opt/.kworker/kworkerds' 'kworkerds' '8812345' '4243' '' 'it'\''s ‘odd’ $(x)' ''
