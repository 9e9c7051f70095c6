#!/usr/bin/env bash
# Part of `make bench` (docs/benchmarks.md, "A run kept in PostgreSQL"): what keeping a run in
# PostgreSQL (`--store URL`, docs/shared-runs.md) costs one controller against a run folder
# (`--runs-dir`); two controllers sharing a 1,000-host run against one; how soon a controller
# takes over the hosts of one killed with -9. Run by bench.sh with SCOUR, HOSTS, ROUNDS. The database is a private cluster
# started for the bench (a data folder under /tmp, a unix socket only, run as `postgres`; the
# server's default durability, as a run folder's fdatasync), stopped and removed at exit.
# Brings up two labs of its own (networks STORE_NET and STORE_NET + 1) and takes them down.
# Asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
. Examples/bench-lib.sh

SCOUR=${SCOUR:-.build/release/scour}
HOSTS=${HOSTS:-50}
ROUNDS=${ROUNDS:-3}
NETS=("${STORE_NET:-8}" "$((${STORE_NET:-8} + 1))")
LABS=("${STORE_LAB_DIR:-/var/lib/scour-lab-bench-store}-1" "${STORE_LAB_DIR:-/var/lib/scour-lab-bench-store}-2")
lab() { local dir; for dir in "${LABS[@]}"; do "$SCOUR" lab "$@" --dir "$dir"; done; }   # both labs
apply_workspace

# The cluster: initdb and pg_ctl of the newest PostgreSQL installed, as the `postgres` account.
PG_BIN=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -1)
[ -n "$PG_BIN" ] || { echo "PostgreSQL is not installed (/usr/lib/postgresql/*/bin): make deps installs it" >&2; exit 1; }
pg=$(mktemp -d /tmp/scour-bench-postgres.XXXXXX)
as_postgres() { runuser -u postgres -- "$PG_BIN/$1" "${@:2}"; }
stop_postgres() { as_postgres pg_ctl stop -m immediate -D "$pg/data" >/dev/null 2>&1 || true; rm -rf "$pg"; }
# apply_workspace's cleanup, the cluster stopped first.
# The labs of the two later parts, by folder.
SHARED_LAB="${STORE_LAB_DIR:-/var/lib/scour-lab-bench-store}-shared"
TAKEOVER_LAB="${STORE_LAB_DIR:-/var/lib/scour-lab-bench-store}-takeover"
trap 'stop_postgres; rm -rf "$work"; lab down >/dev/null 2>&1 || true
      for dir in "$SHARED_LAB" "$TAKEOVER_LAB"; do "$SCOUR" lab down --dir "$dir" >/dev/null 2>&1 || true; done' EXIT
chown postgres: "$pg"
as_postgres initdb -D "$pg/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync >"$pg/initdb.out" 2>&1 \
  || { cat "$pg/initdb.out" >&2; exit 1; }
as_postgres pg_ctl start -w -D "$pg/data" -l "$pg/server.log" -o "-c listen_addresses= -c unix_socket_directories=$pg" \
  >"$pg/pg_ctl.out" 2>&1 || { cat "$pg/pg_ctl.out" "$pg/server.log" >&2; exit 1; }

# A new, empty database with scour's schema already in it (`scour runs` creates it): what an
# apply finds in a team's store. Prints its URL.
fresh_database() {
  local url="postgresql:///bench_$1?host=$pg&user=postgres"
  as_postgres createdb -h "$pg" -U postgres "bench_$1" && "$SCOUR" runs --store "$url" >/dev/null && echo "$url"
}

fresh_labs() {
  lab down >/dev/null 2>&1 || true
  for i in 0 1; do
    "$SCOUR" lab up "$HOSTS" --scenario codered-ii --net "${NETS[$i]}" --dir "${LABS[$i]}" >/dev/null
  done
}

# Seconds `scour apply` (reference playbook, no reboot, one wave) takes on lab DIR, the run kept
# where the remaining arguments say; warns unless every host changed.
timed_apply() {
  local dir=$1 start; shift
  start=$(now)
  "$SCOUR" apply "$work/no-reboot.scour" -i "$dir/inventory.ini" --known-hosts "$dir/known_hosts" \
    --concurrency "$HOSTS" --waves 100% --format json "$@" > "$work/apply.json" || true
  elapsed "$start" "$(now)"
  local changed; changed=$(jq '[.hosts[] | select(.status == "changed")] | length' "$work/apply.json")
  [ "$changed" = "$HOSTS" ] || echo "warning: $changed of $HOSTS hosts changed ($*)" >&2
}

# The folder store against the PostgreSQL store in paired rounds, seconds apart on two fresh labs
# of the same shape (this VM's speed drifts by more than the difference measured): the folder
# first in odd rounds, PostgreSQL first in even ones (what the first apply leaves to settle must
# not always fall on the same side); the first apply of a round always on the first lab.
store_against_folder() {
  local folders=() stores=() ratios=() round url folder store first
  for round in $(seq "$ROUNDS"); do
    fresh_labs
    url=$(fresh_database "$round")
    if [ $((round % 2)) = 1 ]; then
      first=folder
      folder=$(timed_apply "${LABS[0]}" --runs-dir "$work/runs"); sleep 1
      store=$(timed_apply "${LABS[1]}" --store "$url")
    else
      first=PostgreSQL
      store=$(timed_apply "${LABS[0]}" --store "$url"); sleep 1
      folder=$(timed_apply "${LABS[1]}" --runs-dir "$work/runs")
    fi
    folders+=("$folder"); stores+=("$store"); ratios+=("$(ratio "$store" "$folder")")
    echo "round $round ($first first): folder store ${folder}s, PostgreSQL store ${store}s, ratio ${ratios[-1]}"
  done
  echo "scour apply, no reboot, $HOSTS hosts: folder store $(printf '%s\n' "${folders[@]}" | median)s, PostgreSQL store $(printf '%s\n' "${stores[@]}" | median)s"
  echo "ratio PostgreSQL store / folder store = $(printf '%s\n' "${ratios[@]}" | median)   (rounds: ${ratios[*]}; target <= 1.10)"
}

# Rows of a query on database DB, unaligned.
psql_rows() { as_postgres psql -h "$pg" -U postgres -d "bench_$1" -At -c "$2"; }

# The id of the newest run in the store at URL, once there is one more than COUNT.
newest_run() {
  local url=$1 count=$2 ids
  while :; do
    ids=$("$SCOUR" runs --store "$url" | awk '$1 ~ /^[0-9]/ { print $1 }')
    [ "$(printf '%s' "$ids" | grep -c .)" -gt "$count" ] && { printf '%s\n' "$ids" | tail -1; return; }
    sleep 0.05
  done
}

# Two controllers sharing one run of SHARED_HOSTS (default 1,000) hosts — `apply --claim` the
# first half of group lab, `join --limit` the second — against one controller alone. One lab,
# cleaned first by a warm-up apply, so every timed apply finds the same work (probe, check each
# step, nothing to change); rounds alternate which goes first. The controllers, the hosts and
# the database share this machine's 2 cores: the speed-up a real split gives (a controller per
# site) cannot show here; what the figure shows is what sharing costs.
two_controllers_against_one() {
  local size=${SHARED_HOSTS:-1000} dir=$SHARED_LAB url half round
  local ones=() twos=() ratios=() one two start run
  "$SCOUR" lab down --dir "$dir" >/dev/null 2>&1 || true
  "$SCOUR" lab up "$size" --scenario codered-ii --net "$((${STORE_NET:-8} + 2))" --dir "$dir" >/dev/null
  url=$(fresh_database shared)
  half=$((size / 2))
  local common=("$work/no-reboot.scour" -i "$dir/inventory.ini" --known-hosts "$dir/known_hosts" --concurrency 64 --waves 100%
                --store "$url" --no-progress)
  "$SCOUR" apply "${common[@]}" >/dev/null 2>&1 || true
  for round in $(seq "$ROUNDS"); do
    for who in $([ $((round % 2)) = 1 ] && echo "one two" || echo "two one"); do
      local before; before=$("$SCOUR" runs --store "$url" | awk '$1 ~ /^[0-9]/' | wc -l)
      start=$(now)
      if [ "$who" = one ]; then
        "$SCOUR" apply "${common[@]}" >/dev/null 2>&1 || true
        one=$(elapsed "$start" "$(now)")
      else
        "$SCOUR" apply "${common[@]}" --claim "lab[0:$((half - 1))]" >/dev/null 2>&1 &
        local first=$!
        run=$(newest_run "$url" "$before")
        "$SCOUR" join "$run" --store "$url" --known-hosts "$dir/known_hosts" --limit "lab[$half:]" --no-progress >/dev/null 2>&1 || true
        wait "$first" || true
        two=$(elapsed "$start" "$(now)")
      fi
    done
    ones+=("$one"); twos+=("$two"); ratios+=("$(ratio "$two" "$one")")
    echo "round $round: one controller ${one}s, two controllers ${two}s, ratio ${ratios[-1]}"
  done
  "$SCOUR" lab down --dir "$dir" >/dev/null 2>&1 || true
  echo "scour apply of a cleaned $size-host fleet: one controller $(printf '%s\n' "${ones[@]}" | median)s, two sharing it $(printf '%s\n' "${twos[@]}" | median)s"
  echo "ratio two controllers / one = $(printf '%s\n' "${ratios[@]}" | median)   (rounds: ${ratios[*]}; target <= 1.10; both on this machine's 2 cores)"
}

# How long after a `kill -9` another controller holds the dead one's hosts: a 40-host lab
# (hosts reboot for 3 s, so hosts are in flight), the reference playbook in one wave under a
# lease of LEASE seconds (default 5); a second controller joins, the first is killed while it
# holds hosts, and the time runs until the last of them is claimed anew. Target: the lease + 2 s.
takeover_after_kill() {
  local dir=$TAKEOVER_LAB lease=${LEASE:-5} url first controller killed taken run
  "$SCOUR" lab down --dir "$dir" >/dev/null 2>&1 || true
  "$SCOUR" lab up 40 --scenario codered-ii --boot-delay 3s --net "$((${STORE_NET:-8} + 3))" --dir "$dir" >/dev/null
  url=$(fresh_database takeover)
  "$SCOUR" apply Playbooks/codered-ii-linux.scour -i "$dir/inventory.ini" --known-hosts "$dir/known_hosts" --waves 100% \
    --store "$url" --lease "${lease}s" --no-progress >/dev/null 2>&1 &
  first=$!
  run=$(newest_run "$url" 0)
  "$SCOUR" join "$run" --store "$url" --known-hosts "$dir/known_hosts" --lease "${lease}s" --no-progress >/dev/null 2>&1 &
  local second=$!
  until [ "$(psql_rows takeover "SELECT count(*) FROM scour.controllers WHERE left_at IS NULL")" = 2 ]; do sleep 0.05; done
  controller=$(psql_rows takeover "SELECT id FROM scour.controllers WHERE pid = $first")
  until [ "$(psql_rows takeover "SELECT count(*) FROM scour.hosts WHERE controller = $controller AND state = 'claimed'")" -gt 0 ]; do sleep 0.05; done
  local held; held=$(psql_rows takeover "SELECT count(*) FROM scour.hosts WHERE controller = $controller AND state = 'claimed'")
  kill -9 "$first"; killed=$(now)
  { wait "$first"; } 2>/dev/null || true
  until [ "$(psql_rows takeover "SELECT count(*) FROM scour.hosts WHERE controller = $controller AND state = 'claimed'")" = 0 ]; do sleep 0.05; done
  taken=$(elapsed "$killed" "$(now)")
  wait "$second" || true
  local state; state=$("$SCOUR" status "$run" --store "$url" | head -1)
  "$SCOUR" lab down --dir "$dir" >/dev/null 2>&1 || true
  echo "takeover after kill -9: the $held hosts the dead controller held were claimed anew ${taken}s after its death (lease ${lease}s; target <= $((lease + 2))s); $state"
}

# STORE_PARTS: which of the three to run (default all), e.g. STORE_PARTS=takeover_after_kill.
for part in ${STORE_PARTS:-store_against_folder two_controllers_against_one takeover_after_kill}; do "$part"; done
