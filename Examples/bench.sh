#!/usr/bin/env bash
# Performance figures for `make bench` (docs/benchmarks.md): Scour against the floor of the
# transport — OpenSSH's client, one connection and one trivial command per host, all hosts in
# parallel, same key exchange (curve25519-sha256). Prints wall times and ratios; asserts nothing.
# Runs only against a lab of its own (network 10.80.0.0/16), torn down at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

SCOUR=${SCOUR:-.build/release/scour}
HOSTS=${BENCH_HOSTS:-50}
RSS_HOSTS=${BENCH_RSS_HOSTS:-200}
ROUNDS=${BENCH_ROUNDS:-3}
LAB_DIR=/var/lib/scour-lab-bench
NET=3

lab() { "$SCOUR" lab "$@" --dir "$LAB_DIR"; }
trap 'lab down >/dev/null 2>&1 || true' EXIT

. Examples/bench-lib.sh

timed() {
    local start; start=$(now)
    "$@" >/dev/null
    elapsed "$start" "$(now)"
}

section() { printf '\n== %s\n' "$1"; }

section "lab: $HOSTS hosts"
lab up "$HOSTS" --scenario codered-ii --net "$NET" >/dev/null
scour_exec=("$SCOUR" exec -i "$LAB_DIR/inventory.ini" --known-hosts "$LAB_DIR/known_hosts"
    --concurrency "$HOSTS" -- true)

floors=(); execs=()
for _ in $(seq "$ROUNDS"); do
    floors+=("$(openssh_floor "$LAB_DIR")")
    execs+=("$(timed "${scour_exec[@]}")")
done
floor=$(printf '%s\n' "${floors[@]}" | median)
exec_time=$(printf '%s\n' "${execs[@]}" | median)
echo "openssh floor  ${floor}s   (rounds: ${floors[*]})"
echo "scour exec     ${exec_time}s   (rounds: ${execs[*]})"
echo "ratio exec/floor = $(ratio "$exec_time" "$floor")   (target <= 1.2)"

# Language first, plan on the untouched lab, apply last (it changes labs of its own).
for extra in Examples/bench-language.sh Examples/bench-plan.sh Examples/bench-apply.sh Examples/bench-store.sh Examples/bench-fleet.sh Examples/bench-bastion.sh Examples/bench-hostile.sh; do
    section "$(basename "$extra" .sh)"
    SCOUR="$SCOUR" LAB_DIR="$LAB_DIR" FLOOR="$floor" HOSTS="$HOSTS" ROUNDS="$ROUNDS" NET="$NET" "$extra"
done

section "peak RSS: scour exec on $RSS_HOSTS hosts"
lab down >/dev/null
lab up "$RSS_HOSTS" --scenario clean --net "$NET" >/dev/null
/usr/bin/time -f '%M %e' -o /tmp/scour-bench-rss "$SCOUR" exec -i "$LAB_DIR/inventory.ini" \
    --known-hosts "$LAB_DIR/known_hosts" --concurrency "$RSS_HOSTS" -- true >/dev/null || true
read -r rss_kib wall < /tmp/scour-bench-rss
echo "scour exec, $RSS_HOSTS hosts: peak RSS $((rss_kib / 1024)) MiB, wall ${wall}s"
/usr/bin/time -f '%M %e' -o /tmp/scour-bench-rss "$SCOUR" plan Playbooks/codered-ii-linux.scour -i "$LAB_DIR/inventory.ini" \
    --known-hosts "$LAB_DIR/known_hosts" --concurrency "$RSS_HOSTS" --format json >/dev/null || true
read -r rss_kib wall < /tmp/scour-bench-rss
echo "scour plan, $RSS_HOSTS hosts: peak RSS $((rss_kib / 1024)) MiB (target < 80 MB), wall ${wall}s"

# Every session lasts at least HOLD seconds and all start after 0; if the run ends before
# 2 x HOLD, the last one started before the first one ended, so all were open at once.
HOLD=15
section "500 sessions busy at once: scour exec 'sleep $HOLD' on 500 hosts"
lab down >/dev/null
lab up 500 --scenario clean --net "$NET" >/dev/null
/usr/bin/time -f '%M %e' -o /tmp/scour-bench-rss "$SCOUR" exec -i "$LAB_DIR/inventory.ini" \
    --known-hosts "$LAB_DIR/known_hosts" --concurrency 500 --connect-timeout 60s --format json -- sleep "$HOLD" \
    > /tmp/scour-bench-500.json || true
read -r rss_kib wall < /tmp/scour-bench-rss
ok=$(jq '.summary.ok' /tmp/scour-bench-500.json)
overlap=$(awk -v w="$wall" -v h="$HOLD" 'BEGIN { print (w < 2 * h) ? "yes" : "no" }')
echo "scour exec, 500 hosts: ${ok} ok, wall ${wall}s, all 500 sessions open at once: ${overlap}, peak RSS $((rss_kib / 1024)) MiB"

lab down >/dev/null
section "scale: one controller, ${SCALE_SIZES:-250 500 1000} hosts"
SCOUR="$SCOUR" ROUNDS="$ROUNDS" Examples/bench-scale.sh
