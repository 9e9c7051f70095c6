#!/usr/bin/env bash
# `scour plan` of the reference Linux playbook on the bench lab, against the OpenSSH floor
# bench.sh measured (target: within 1.3x). Run by bench.sh with SCOUR, LAB_DIR, FLOOR, HOSTS.
set -euo pipefail
. Examples/bench-lib.sh
times=()
for _ in 1 2 3 4 5; do
  start=$(now)
  "$SCOUR" plan Playbooks/codered-ii-linux.scour -i "$LAB_DIR/inventory.ini" --known-hosts "$LAB_DIR/known_hosts" \
    --concurrency "$HOSTS" --format json > /tmp/scour-bench-plan.json
  times+=("$(elapsed "$start" "$(now)")")
done
plan=$(printf '%s\n' "${times[@]}" | median)
planned=$(jq '.summary.planned' /tmp/scour-bench-plan.json)
echo "scour plan     ${plan}s   (rounds: ${times[*]}; ${planned} of $HOSTS hosts planned)"
echo "ratio plan/floor = $(ratio "$plan" "$FLOOR")   (target <= 1.3)"
