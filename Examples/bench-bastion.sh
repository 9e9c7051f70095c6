#!/usr/bin/env bash
# Bastion: HOSTS hosts reachable only through one bastion (`scour lab up --bastions 1`).
# `scour plan` of the reference playbook against the OpenSSH floor through the same bastion:
# one `ssh -J` per host, all in parallel, `true` each (target: plan <= 1.0x the floor; scour
# carries every host in channels of one session to the bastion, OpenSSH opens one bastion
# connection per host). Rounds are paired — the floor, then the plan, back to back, so both
# meet the same machine load — and the ratio reported is the median of the rounds' ratios.
# Brings up a lab of its own (network NET) and takes it down. Run by bench.sh with SCOUR,
# HOSTS, ROUNDS; alone: `SCOUR=.build/release/scour Examples/bench-bastion.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
. Examples/bench-lib.sh

SCOUR=${SCOUR:-.build/release/scour}
HOSTS=${HOSTS:-50}
ROUNDS=${ROUNDS:-5}
NET=${BASTION_NET:-5}
LAB_DIR=${BASTION_LAB_DIR:-/var/lib/scour-lab-bench-bastion}
CONFIG=$(mktemp)
PLAN=$(mktemp)

lab() { "$SCOUR" lab "$@" --dir "$LAB_DIR"; }
trap 'lab down >/dev/null 2>&1 || true; rm -f "$CONFIG" "$PLAN"' EXIT

lab up "$HOSTS" --scenario codered-ii --bastions 1 --net "$NET" >/dev/null
bastion=$(jq -r '.bastions[0].address' "$LAB_DIR/lab.json")
mapfile -t addresses < <(jq -r '.hosts[].address' "$LAB_DIR/lab.json")

# The lab's OpenSSH settings, with the key exchange libssh2 uses (curve25519-sha256) on every
# hop (`-o` on ssh's command line would reach the last hop only, not the bastion's) and the
# connect timeout scour gets: on 2 loaded cores, 100 ssh processes at once can take longer
# than the lab's 5 s to exchange banners. First in the file, as the first value wins.
{ printf 'Host *\n  KexAlgorithms curve25519-sha256\n  ConnectTimeout 30\n'; cat "$LAB_DIR/ssh_config"; } > "$CONFIG"

# Prints the wall time of one `ssh -J` per host, all in parallel; fails if any failed.
jump_floor() {
    local start pids=() failed=0
    start=$(now)
    for address in "${addresses[@]}"; do
        ssh -n -F "$CONFIG" -J "root@$bastion" "root@$address" true &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
    [ "$failed" -eq 0 ] || { echo "bench-bastion: $failed of ${#addresses[@]} ssh -J failed" >&2; return 1; }
    elapsed "$start" "$(now)"
}

scour_plan() {
    local start; start=$(now)
    "$SCOUR" plan Playbooks/codered-ii-linux.scour -i "$LAB_DIR/inventory.ini" --known-hosts "$LAB_DIR/known_hosts" \
        --concurrency "$HOSTS" --connect-timeout 30s --format json > "$PLAN"
    elapsed "$start" "$(now)"
}

floors=(); plans=(); ratios=()
for _ in $(seq "$ROUNDS"); do
    floor=$(jump_floor)
    plan=$(scour_plan)
    planned=$(jq '.summary.planned' "$PLAN")
    [ "$planned" -eq "$HOSTS" ] || { echo "bench-bastion: only $planned of $HOSTS hosts planned" >&2; exit 1; }
    floors+=("$floor"); plans+=("$plan"); ratios+=("$(ratio "$plan" "$floor")")
done
echo "ssh -J floor   $(printf '%s\n' "${floors[@]}" | median)s   (rounds: ${floors[*]}; $HOSTS hosts behind $bastion)"
echo "scour plan     $(printf '%s\n' "${plans[@]}" | median)s   (rounds: ${plans[*]}; all $HOSTS planned)"
echo "ratio plan/floor = $(printf '%s\n' "${ratios[@]}" | median)   (median of paired rounds: ${ratios[*]}; target <= 1.0)"
