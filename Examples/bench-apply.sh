#!/usr/bin/env bash
# `scour apply` of the reference Linux playbook on the bench lab (run by bench.sh with SCOUR,
# LAB_DIR, FLOOR, HOSTS): without its reboot step against the OpenSSH floor (target: within
# 2x), then with it, reporting the time beyond the lab's boot delay. Applying changes the lab,
# so each run gets a fresh lab of its own.
set -euo pipefail
NET=4
DIR=/var/lib/scour-lab-bench-apply
lab() { "$SCOUR" lab "$@" --dir "$DIR"; }
trap 'lab down >/dev/null 2>&1 || true' EXIT
work=$(mktemp -d)
cp -r Playbooks/files "$work/"
sed '/^  reboot "clear_memory" {/,/^  }/d' Playbooks/codered-ii-linux.scour > "$work/no-reboot.scour"
trap 'rm -rf "$work"; lab down >/dev/null 2>&1 || true' EXIT

export SCOUR_RUNS_DIR="$work/runs"

timed_apply() {
  lab down >/dev/null 2>&1 || true
  lab up "$HOSTS" --scenario codered-ii --net "$NET" --boot-delay 1s >/dev/null
  local start; start=$(date +%s.%N)
  "$SCOUR" apply "$1" -i "$DIR/inventory.ini" --known-hosts "$DIR/known_hosts" --concurrency "$HOSTS" \
    --waves 100% --format json > "$work/apply.json" || true
  awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'
}

no_reboot=$(timed_apply "$work/no-reboot.scour")
changed=$(jq '[.hosts[] | select(.status == "changed")] | length' "$work/apply.json")
echo "scour apply, no reboot   ${no_reboot}s   ($changed of $HOSTS hosts changed, one wave)"
echo "ratio apply/floor = $(awk -v a="$no_reboot" -v b="$FLOOR" 'BEGIN { printf "%.2f", a / b }')   (target <= 2)"
with_reboot=$(timed_apply Playbooks/codered-ii-linux.scour)
changed=$(jq '[.hosts[] | select(.status == "changed")] | length' "$work/apply.json")
echo "scour apply, with reboot ${with_reboot}s   ($changed of $HOSTS hosts changed; boot delay 1s: $(awk -v a="$with_reboot" 'BEGIN { printf "%.2f", a - 1 }')s beyond it)"
