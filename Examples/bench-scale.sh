#!/usr/bin/env bash
# One controller at the scale of a real incident (issue 26): for each fleet size (SCALE_SIZES,
# default 250 500 1000; a lab holds at most 1,000, docs/lab.md), a fresh codered-ii lab of that
# many hosts, the OpenSSH floor (median of ROUNDS), then `scour plan` and `scour apply`
# (reference playbook without its reboot step) at CONCURRENCY. Prints per size: wall times and ratios to the floor, controller CPU and peak
# RSS per host, peak threads and file descriptors; then the growth between sizes (RSS and CPU a
# host), which must stay flat. Targets: plan <= 0.9x the floor at 1,000 hosts, apply <= 1.5x,
# RSS growth <= 96 KiB a host, CPU a host flat from 250 to 1,000. Asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
. Examples/bench-lib.sh

SCOUR=${SCOUR:-.build/release/scour}
SIZES=${SCALE_SIZES:-250 500 1000}
ROUNDS=${ROUNDS:-3}
# The playbook's own (64): on one machine the key exchanges, Scour's and the hosts' sshd's, take
# the cores, so more sessions at once add memory (~100 KiB each, most of it libssh2's session),
# not speed.
CONCURRENCY=${SCALE_CONCURRENCY:-64}
NET=6
DIR=/var/lib/scour-lab-bench-scale
lab() { "$SCOUR" lab "$@" --dir "$DIR"; }
apply_workspace

# Runs scour with ARGUMENTS under time(1), sampling its threads and open descriptors every
# 0.2 s; prints "wall cpu rss_kib threads fds".
measured() {
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$SCOUR" "$@" >"$work/out.json" 2>"$work/err" &
    local timer=$! threads=0 fds=0 pid
    while kill -0 "$timer" 2>/dev/null; do
        pid=$(pgrep -P "$timer" | head -1 || true)
        if [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; then
            local t f
            t=$(awk '/^Threads:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
            f=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
            [ "${t:-0}" -gt "$threads" ] && threads=$t
            [ "$f" -gt "$fds" ] && fds=$f
        fi
        sleep 0.2
    done
    wait "$timer" || true
    awk -v t="$threads" -v f="$fds" '/^[0-9]/ { printf "%s %.2f %s %s %s\n", $1, $2 + $3, $4, t, f }' "$work/time"
}

printf '%6s %8s %8s %6s %8s %6s %9s %9s %8s %6s\n' hosts floor plan ratio apply ratio "cpu/host" "rss/host" threads fds
declare -A rss cpu
for size in $SIZES; do
    lab down >/dev/null 2>&1 || true
    lab up "$size" --scenario codered-ii --net "$NET" >/dev/null
    floors=()
    for _ in $(seq "$ROUNDS"); do floors+=("$(openssh_floor "$DIR")"); done
    floor=$(printf '%s\n' "${floors[@]}" | median)
    connection=(-i "$DIR/inventory.ini" --known-hosts "$DIR/known_hosts" --concurrency "$CONCURRENCY")
    read -r plan_wall plan_cpu plan_rss threads fds < <(measured plan Playbooks/codered-ii-linux.scour "${connection[@]}" --format json)
    planned=$(jq '[.hosts[] | select(.reachable != false)] | length' "$work/out.json" 2>/dev/null || echo "?")
    read -r apply_wall _ _ apply_threads apply_fds < <(measured apply "$work/no-reboot.scour" "${connection[@]}" --waves 100% --no-progress --format json)
    changed=$(jq '[.hosts[] | select(.status == "changed")] | length' "$work/out.json" 2>/dev/null || echo "?")
    [ "$changed" = "$size" ] || echo "warning: $changed of $size hosts changed (planned: $planned); $(tail -c 300 "$work/err")"
    rss[$size]=$plan_rss; cpu[$size]=$plan_cpu
    [ "$apply_threads" -gt "$threads" ] && threads=$apply_threads
    [ "$apply_fds" -gt "$fds" ] && fds=$apply_fds
    printf '%6s %7ss %7ss %6s %7ss %6s %7sms %6sKiB %8s %6s\n' "$size" "$floor" "$plan_wall" "$(ratio "$plan_wall" "$floor")" \
        "$apply_wall" "$(ratio "$apply_wall" "$floor")" "$(awk -v c="$plan_cpu" -v n="$size" 'BEGIN { printf "%.1f", 1000 * c / n }')" \
        "$((plan_rss / size))" "$threads" "$fds"
done
echo "(scour at --concurrency $CONCURRENCY; plan: controller CPU user+system and peak RSS, per host; floor: one ssh ... true per host, all parallel, median of $ROUNDS)"

previous=""
for size in $SIZES; do
    if [ -n "$previous" ]; then
        awk -v a="$previous" -v b="$size" -v ra="${rss[$previous]}" -v rb="${rss[$size]}" -v ca="${cpu[$previous]}" -v cb="${cpu[$size]}" \
            'BEGIN { printf "growth %s -> %s hosts: RSS %.1f KiB a host (target <= 96), CPU %.1f ms a host (at %s: %.1f)\n",
                     a, b, (rb - ra) / (b - a), 1000 * (cb - ca) / (b - a), a, 1000 * ca / a }'
    fi
    previous=$size
done
