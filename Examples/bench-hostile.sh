#!/usr/bin/env bash
# Part of `make bench` (docs/benchmarks.md): what hostile hosts cost the controller (issue 24),
# on nimda-nginx labs of its own (every host infected), hosts made hostile with `scour lab
# tamper`. Prints, asserts nothing:
#   a. one host's plan with its site in huge-config, unclosed-config and regex-config: peak RSS
#      over the same host's clean plan, and CPU seconds (user + system) against the clean plan's
#      (targets: <= 64 MiB extra, <= 1 s);
#   b. a plan of HOSTS hosts all in max-answer (each answers its page_scripts probe at its cap):
#      peak RSS and wall time, with the default memory limit and with --memory-limit 256MiB
#      when `scour plan` has that flag;
#   c. apply on HOSTS hosts, two of them hostile (regex-config, max-answer), against the same
#      apply with none, in ROUNDS paired rounds (each a fresh lab; which of the pair goes first
#      alternates): the median of the healthy hosts' own times (`elapsed_ms` of apply's JSON;
#      plan's JSON has no per-host time), each round's ratio, and the median ratio with its
#      spread (target <= 1.2): one pair alone is the VM's noise.
# PARTS (default abc) picks the parts to run.
# The controller runs in a memory cgroup of its own capped at BENCH_HOSTILE_CAP (default 8G),
# so a controller without bounds is killed rather than the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
. Examples/bench-lib.sh

SCOUR=${SCOUR:-.build/release/scour}
HOSTS=${HOSTS:-${BENCH_HOSTS:-50}}
DIR=${BENCH_HOSTILE_DIR:-/var/lib/scour-lab-bench-hostile}
NET=${BENCH_HOSTILE_NET:-7}
CAP=${BENCH_HOSTILE_CAP:-8G}
ROUNDS=${ROUNDS:-${BENCH_ROUNDS:-3}}
PARTS=${PARTS:-abc}
PLAYBOOK=Playbooks/nimda-nginx.scour
CGROUP=/sys/fs/cgroup/memory/scour-bench-hostile-$$
lab() { "$SCOUR" lab "$@" --dir "$DIR"; }
work=$(mktemp -d)
trap 'rm -rf "$work"; lab down >/dev/null 2>&1 || true; rmdir "$CGROUP" 2>/dev/null || true' EXIT
export SCOUR_RUNS_DIR="$work/runs"
mkdir -p "$CGROUP"
echo "$CAP" > "$CGROUP/memory.limit_in_bytes"

fresh_lab() { # hosts
    lab down >/dev/null 2>&1 || true
    lab up "$1" --scenario nimda-nginx --infected-share 100% --net "$NET" >/dev/null
}
hosts() { jq -r '.hosts[].name' "$DIR/lab.json"; }
# Runs scour COMMAND… in the capped cgroup; prints "peak-KiB user-s system-s wall-s", its output in $work/out.json.
measured() {
    /usr/bin/time -f '%M %U %S %e' -o "$work/time" sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$CGROUP" \
        "$SCOUR" "$@" -i "$DIR/inventory.ini" --known-hosts "$DIR/known_hosts" --concurrency "$HOSTS" > "$work/out.json" 2> "$work/err" || true
    if grep -q 'terminated by signal 9' "$work/time"; then echo "killed (at the bench's cap of $CAP)"; return; fi
    tail -n 1 "$work/time"
}
plan() { measured plan "$PLAYBOOK" --param test_nginx=false --format json "$@"; }
mib() { echo $(( $1 / 1024 )); }
cpu() { awk -v u="$1" -v s="$2" 'BEGIN { printf "%.2f", u + s }'; }

# a. One host, its site made hostile one way at a time.
if [[ $PARTS == *a* ]]; then
fresh_lab 1
read -r clean_kib clean_user clean_sys _ < <(plan)
clean_cpu=$(cpu "$clean_user" "$clean_sys")
echo "clean host: plan peak RSS $(mib "$clean_kib") MiB, CPU ${clean_cpu}s"
for mode in huge-config unclosed-config regex-config; do
    lab tamper h01 "$mode" >/dev/null
    figures=$(plan)
    lab tamper h01 none >/dev/null
    case $figures in killed*) echo "$mode: $figures"; continue ;; esac
    read -r kib user sys _ <<< "$figures"
    echo "$mode: plan peak RSS $(mib "$kib") MiB (+$(mib $((kib - clean_kib))) MiB over clean; target <= 64), CPU $(cpu "$user" "$sys")s (clean ${clean_cpu}s; target <= 1)"
done
fi

# b. Every host answering its remove_lines probe at its cap.
if [[ $PARTS == *b* ]]; then
fresh_lab "$HOSTS"
for host in $(hosts); do lab tamper "$host" max-answer >/dev/null; done
limits=(default)
if "$SCOUR" plan --help | grep -- '--memory-limit' >/dev/null; then limits+=(256MiB); fi  # grep -q would end the pipe early: SIGPIPE under pipefail
for limit in "${limits[@]}"; do
    flags=(); [ "$limit" = default ] || flags=(--memory-limit "$limit")
    figures=$(plan "${flags[@]}")
    case $figures in killed*) echo "max-answer, $HOSTS hosts, memory limit $limit: $figures"; continue ;; esac
    read -r kib user sys wall <<< "$figures"
    planned=$(jq '[.hosts[] | select(.status == "planned")] | length' "$work/out.json" 2>/dev/null || echo "?")
    echo "max-answer, $HOSTS hosts, memory limit $limit: peak RSS $(mib "$kib") MiB, wall ${wall}s, CPU $(cpu "$user" "$sys")s, planned $planned"
done
[ "${#limits[@]}" = 2 ] || echo "max-answer, $HOSTS hosts, --memory-limit 256MiB: not available (scour plan has no --memory-limit)"
fi

# c. Healthy hosts' apply times beside two hostile hosts, against the same apply without them.
healthy_median() { # the median elapsed_ms of every host but h01 and h02, in seconds
    jq -r '.hosts[] | select(.name != "h01" and .name != "h02") | .elapsed_ms' "$work/out.json" | median \
        | awk '{ printf "%.2f", $1 / 1000 }'
}
apply() { measured apply "$PLAYBOOK" --param test_nginx=false --waves 100% --format json > /dev/null; }
healthy_apply() { # with|without: a fresh lab, h01 and h02 made hostile for `with`; the healthy hosts' median
    fresh_lab "$HOSTS"
    if [ "$1" = with ]; then
        lab tamper h01 regex-config >/dev/null
        lab tamper h02 max-answer >/dev/null
    fi
    apply
    healthy_median
}
if [[ $PARTS == *c* ]]; then
ratios=()
for round in $(seq "$ROUNDS"); do
    if [ $((round % 2)) = 1 ]; then
        without=$(healthy_apply without); with=$(healthy_apply with)
    else
        with=$(healthy_apply with); without=$(healthy_apply without)
    fi
    ratios+=("$(ratio "$with" "$without")")
    echo "apply, $HOSTS hosts, round $round: healthy hosts' median ${without}s alone, ${with}s beside regex-config and max-answer hosts: ${ratios[-1]}x"
done
sorted=$(printf '%s\n' "${ratios[@]}" | sort -n)
echo "apply, $HOSTS hosts, $ROUNDS paired rounds: healthy hosts' ratio median $(median <<< "$sorted")x, spread $(head -n 1 <<< "$sorted")–$(tail -n 1 <<< "$sorted")x (target <= 1.2)"
fi
