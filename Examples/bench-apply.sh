#!/usr/bin/env bash
# `scour apply` of the reference Linux playbook on labs of its own (run by bench.sh with SCOUR,
# HOSTS, ROUNDS): without its reboot step against the OpenSSH floor (target: within 2x), then
# with it, reporting the reboot's overhead: apply with reboot minus apply without, minus the
# lab's boot delay (target <= 2 s). Applying changes a lab, so each round gets a fresh one, and
# the floor is measured on that same lab just before (paired rounds: this VM's speed drifts by
# more than the differences being measured). REBOOT_ONLY=1 measures only the reboot overhead.
set -euo pipefail
. Examples/bench-lib.sh
NET=4
DIR=/var/lib/scour-lab-bench-apply
lab() { "$SCOUR" lab "$@" --dir "$DIR"; }
apply_workspace

BOOT_DELAY=1
fresh_lab() {
  lab down >/dev/null 2>&1 || true
  lab up "$HOSTS" --scenario codered-ii --net "$NET" --boot-delay "${BOOT_DELAY}s" >/dev/null
}

timed_apply() {
  local start; start=$(now)
  "$SCOUR" apply "$1" -i "$DIR/inventory.ini" --known-hosts "$DIR/known_hosts" --concurrency "$HOSTS" \
    --waves 100% --format json > "$work/apply.json" || true
  elapsed "$start" "$(now)"
}

changed_hosts() { jq '[.hosts[] | select(.status == "changed")] | length' "$work/apply.json"; }

if [ "${REBOOT_ONLY:-}" != 1 ]; then
  ratios=(); times=(); floors=()
  for _ in $(seq "$ROUNDS"); do
    fresh_lab
    round_floors=()
    for _ in 1 2 3; do round_floors+=("$(openssh_floor "$DIR")"); done
    floor=$(printf '%s\n' "${round_floors[@]}" | median)
    time=$(timed_apply "$work/no-reboot.scour")
    changed=$(changed_hosts)
    [ "$changed" = "$HOSTS" ] || echo "warning: $changed of $HOSTS hosts changed"
    floors+=("$floor"); times+=("$time"); ratios+=("$(ratio "$time" "$floor")")
  done
  echo "scour apply, no reboot   $(printf '%s\n' "${times[@]}" | median)s   (rounds: ${times[*]}; floors on the same labs: ${floors[*]})"
  echo "ratio apply/floor = $(printf '%s\n' "${ratios[@]}" | median)   (rounds: ${ratios[*]}; target <= 2)"
fi

# Paired rounds again: the same fresh lab twice, applied without and with the reboot step.
overheads=(); reboot_times=(); steps=()
for _ in $(seq "$ROUNDS"); do
  fresh_lab
  without=$(timed_apply "$work/no-reboot.scour")
  fresh_lab
  with=$(timed_apply Playbooks/codered-ii-linux.scour)
  rebooted=$(jq '[.hosts[] | select(any(.steps[]; .kind == "reboot" and .status == "changed"))] | length' "$work/apply.json")
  [ "$(changed_hosts)" = "$HOSTS" ] || echo "warning: $(changed_hosts) of $HOSTS hosts changed"
  reboot_times+=("$with")
  steps+=("$(jq '[.hosts[].steps[] | select(.kind == "reboot" and .status == "changed") | .elapsed_ms] | sort | .[length / 2 | floor] / 1000' "$work/apply.json")")
  overheads+=("$(awk -v w="$with" -v n="$without" -v d="$BOOT_DELAY" 'BEGIN { printf "%.2f", w - n - d }')")
done
echo "scour apply, with reboot $(printf '%s\n' "${reboot_times[@]}" | median)s   (rounds: ${reboot_times[*]}; $rebooted of $HOSTS hosts rebooted)"
echo "reboot overhead beyond the ${BOOT_DELAY}s boot delay = $(printf '%s\n' "${overheads[@]}" | median)s   (rounds: ${overheads[*]}; target <= 2)"
# The step alone, per host: 0.4 s of it are fixed delays before the host goes down (the reboot
# script's 0.2 s so its exec reports back, the lab's shim 0.2 s), then the boot delay.
echo "reboot step, median host = $(printf '%s\n' "${steps[@]}" | median)s   (rounds: ${steps[*]}; of which 0.4s fixed delays + ${BOOT_DELAY}s boot delay)"
