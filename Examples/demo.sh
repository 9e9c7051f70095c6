#!/usr/bin/env bash
# `make demo`: the reference Code Red II cleanup rehearsed on a local lab of real SSH hosts.
# Brings up 8 hosts (about half infected), shows what Scour sees, and takes the lab down.
set -euo pipefail
cd "$(dirname "$0")/.."

SCOUR=${SCOUR:-.build/debug/scour}
LAB_DIR=${LAB_DIR:-/var/lib/scour-lab-demo}
PLAYBOOK=Playbooks/codered-ii-linux.scour

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
run() { step "$*"; "$@"; }
lab() { "$SCOUR" lab "$@" --dir "$LAB_DIR"; }
trap 'step "scour lab down"; lab down' EXIT

step "scour lab up 8 --scenario codered-ii --infected-share 50%"
lab up 8 --scenario codered-ii --infected-share 50%
connect=(-i "$LAB_DIR/inventory.ini" --known-hosts "$LAB_DIR/known_hosts")
export SCOUR_RUNS_DIR="$LAB_DIR/runs"

# Who has the backdoor? Hosts without it exit non-zero, so exec's status is 1 here.
run "$SCOUR" exec "${connect[@]}" -- 'ls -l /var/www/scripts/root.exe /opt/explorer.exe' || true
# Which sites carry the worm's mappings? grep exits 1 on the clean hosts.
run "$SCOUR" exec "${connect[@]}" -- 'grep -nE "Alias /[cd]|AddHandler" /etc/apache2/sites-enabled/000-default.conf' || true
run "$SCOUR" lab status --dir "$LAB_DIR"

# The reference playbook: checked, then explained in words.
run "$SCOUR" check "$PLAYBOOK"
run "$SCOUR" explain "$PLAYBOOK"

# What the cleanup would change, host by host — read-only.
run "$SCOUR" plan "$PLAYBOOK" "${connect[@]}" -o "$LAB_DIR/plan.json"

# The cleanup, in waves, canary first: exactly the plan just shown (a host that changed since
# would be left alone and reported drifted). Every run is journaled in $SCOUR_RUNS_DIR.
run "$SCOUR" apply "$LAB_DIR/plan.json" --known-hosts "$LAB_DIR/known_hosts"

# The end state, seen independently: no backdoor, no worm mapping, patched; rebooted hosts booted twice.
run "$SCOUR" exec "${connect[@]}" -- 'ls /var/www/scripts/root.exe /opt/explorer.exe 2>/dev/null | wc -l; grep -c "Alias /[cd]" /etc/apache2/sites-enabled/000-default.conf; test -e /var/lib/patches/MS01-033 && echo patched' || true
run "$SCOUR" lab status --dir "$LAB_DIR"

# Afterwards: the run on record, written up for the ticket, and its quarantine restorable.
run "$SCOUR" runs
run_id=$(ls "$SCOUR_RUNS_DIR" | tail -1)
run "$SCOUR" report "$run_id" --format markdown
run "$SCOUR" restore "$run_id" --dry-run
