#!/usr/bin/env bash
# Part of `make bench` (docs/benchmarks.md, "A run kept in PostgreSQL"): what keeping a run in
# PostgreSQL (`--store URL`, docs/shared-runs.md) costs one controller against a run folder
# (`--runs-dir`). Run by bench.sh with SCOUR, HOSTS, ROUNDS. The database is a private cluster
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
trap 'stop_postgres; rm -rf "$work"; lab down >/dev/null 2>&1 || true' EXIT
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

# ---------------------------------------------------------------------------------------------
# TO BE ADDED (issue 26, later), each a function here called at the end, on this same cluster:
#   - two controllers sharing one 1,000-host plan
#   - lease takeover after kill -9
# ---------------------------------------------------------------------------------------------

store_against_folder
