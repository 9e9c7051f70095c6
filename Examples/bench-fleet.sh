#!/usr/bin/env bash
# Part of `make bench` (docs/benchmarks.md): what reaching a real fleet costs, and what a
# hostile host costs the controller. The reference playbook on HOSTS hosts logged in as root
# and on the same lab shape reached as a login user through sudo, both labs up side by side:
# first what sudo costs OpenSSH itself (the floor, root `true` against login `sudo true`), then
# plan in ROUNDS pairs (root and sudo seconds apart, each first in every other pair), apply (without its reboot) on
# fresh labs of both shapes in pairs; the figure is the median of the pairs' ratios (this VM's
# speed drifts by more than the differences measured). Then the controller's peak RSS for a
# plan while one host answers every command with endless output.
set -euo pipefail
cd "$(dirname "$0")/.."
. Examples/bench-lib.sh

SUDO_DIR=/var/lib/scour-lab-bench-sudo
SUDO_NET=5
lab() { "$SCOUR" lab "$@" --dir "$LAB_DIR"; }
sudo_lab() { "$SCOUR" lab "$@" --dir "$SUDO_DIR"; }
work=$(mktemp -d)
trap 'rm -rf "$work"; sudo_lab down >/dev/null 2>&1 || true' EXIT
both_up() {
    lab down >/dev/null 2>&1 || true
    sudo_lab down >/dev/null 2>&1 || true
    lab up "$HOSTS" --scenario codered-ii --net "$NET" >/dev/null
    sudo_lab up "$HOSTS" --scenario codered-ii --net "$SUDO_NET" --login-user scourbench --sudo "${BENCH_SUDO:-nopasswd}" --no-root-login >/dev/null
}
plan_time() {
    local start; start=$(now)
    "$SCOUR" plan Playbooks/codered-ii-linux.scour -i "$1/inventory.ini" --known-hosts "$1/known_hosts" \
        --concurrency "$HOSTS" --format json >/dev/null || true
    elapsed "$start" "$(now)"
}
cp -r Playbooks/files "$work/"
sed '/^  reboot "clear_memory" {/,/^  }/d' Playbooks/codered-ii-linux.scour > "$work/no-reboot.scour"
apply_time() {
    local start; start=$(now)
    SCOUR_RUNS_DIR="$work/runs" "$SCOUR" apply "$work/no-reboot.scour" -i "$1/inventory.ini" --known-hosts "$1/known_hosts" \
        --waves 100% --concurrency "$HOSTS" --no-progress >/dev/null || true
    elapsed "$start" "$(now)"
}
# "root-seconds sudo-seconds ratio" of one pair, the ROUND-th: root first in odd rounds, sudo
# first in even ones (what the first run leaves to settle on the hosts — sshd's sessions ending —
# must not always fall on the same side), a second's pause between the two.
pair() {
    local root sudo
    if [ $(($2 % 2)) = 1 ]; then root=$("$1" "$LAB_DIR"); sleep 1; sudo=$("$1" "$SUDO_DIR")
    else sudo=$("$1" "$SUDO_DIR"); sleep 1; root=$("$1" "$LAB_DIR"); fi
    echo "$root $sudo $(ratio "$sudo" "$root")"
}
report() { # what, then one pair a line
    local what=$1; shift
    echo "$what as root ${HOSTS} hosts: $(printf '%s\n' "$@" | cut -d' ' -f1 | median)s, through sudo: $(printf '%s\n' "$@" | cut -d' ' -f2 | median)s"
    echo "$what ratio sudo/root = $(printf '%s\n' "$@" | cut -d' ' -f3 | median)   (pairs: $(printf '%s\n' "$@" | cut -d' ' -f3 | paste -sd' '); target <= 1.1)"
}

both_up
# What sudo costs OpenSSH itself here: `true` as root against `sudo true` as the login user
# (given the lab's password on stdin when its sudo asks for one).
sudo_true='sudo -n -H -u root -- true'
[ "${BENCH_SUDO:-nopasswd}" = nopasswd ] || sudo_true="printf '%s\n' scour-lab-sudo | sudo -S -p '' -H -u root -- true"
floor_time() { if [ "$1" = "$SUDO_DIR" ]; then openssh_floor "$1" scourbench "$sudo_true"; else openssh_floor "$1"; fi; }
floors=()
for round in $(seq "$ROUNDS"); do floors+=("$(pair floor_time "$round")"); done
echo "OpenSSH floor, ${HOSTS} hosts: root \`true\` $(printf '%s\n' "${floors[@]}" | cut -d' ' -f1 | median)s, login + \`sudo true\` $(printf '%s\n' "${floors[@]}" | cut -d' ' -f2 | median)s"
echo "OpenSSH floor ratio sudo/root = $(printf '%s\n' "${floors[@]}" | cut -d' ' -f3 | median)   (pairs: $(printf '%s\n' "${floors[@]}" | cut -d' ' -f3 | paste -sd' '))"
plans=()
for round in $(seq "$ROUNDS"); do plans+=("$(pair plan_time "$round")"); done
report plan "${plans[@]}"
applies=()
for round in $(seq "$ROUNDS"); do
    [ "$round" = 1 ] || both_up
    applies+=("$(pair apply_time "$round")")
done
report apply "${applies[@]}"
sudo_lab down >/dev/null

lab down >/dev/null
lab up "$HOSTS" --scenario clean --net "$NET" >/dev/null
"$SCOUR" lab tamper h01 flood --dir "$LAB_DIR" >/dev/null
/usr/bin/time -f '%M %e' -o /tmp/scour-bench-flood "$SCOUR" plan Playbooks/codered-ii-linux.scour -i "$LAB_DIR/inventory.ini" \
    --known-hosts "$LAB_DIR/known_hosts" --concurrency "$HOSTS" --format json > /tmp/scour-bench-flood.json || true
read -r rss_kib wall < <(tail -n 1 /tmp/scour-bench-flood)
failed=$(jq -r '[.hosts[] | select(.status != "planned")] | length' /tmp/scour-bench-flood.json)
echo "plan, $HOSTS hosts, h01 flooding: peak RSS $((rss_kib / 1024)) MiB, wall ${wall}s, hosts not planned: ${failed} (h01: $(jq -r '.hosts[] | select(.name == "h01") | .error' /tmp/scour-bench-flood.json | cut -c1-80))"
# The flooding lab stays up: bench.sh takes it down for its next section.
