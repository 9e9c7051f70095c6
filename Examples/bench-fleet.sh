#!/usr/bin/env bash
# Part of `make bench` (docs/benchmarks.md): what reaching a real fleet costs, and what a
# hostile host costs the controller. Plan of the reference playbook on HOSTS hosts logged in as
# root, then as a login user through sudo (the same lab shape), median of ROUNDS each; apply of
# it (without its reboot) on fresh labs of both shapes, in pairs; then the controller's peak RSS
# for a plan while one host answers every command with endless output.
set -euo pipefail
cd "$(dirname "$0")/.."
. Examples/bench-lib.sh

lab() { "$SCOUR" lab "$@" --dir "$LAB_DIR"; }
plan_time() {
    local start; start=$(now)
    "$SCOUR" plan Playbooks/codered-ii-linux.scour -i "$LAB_DIR/inventory.ini" --known-hosts "$LAB_DIR/known_hosts" \
        --concurrency "$HOSTS" --format json >/dev/null || true
    elapsed "$start" "$(now)"
}
median_plan() {
    local times=()
    for _ in $(seq "$ROUNDS"); do times+=("$(plan_time)"); done
    printf '%s\n' "${times[@]}" | median
}

lab down >/dev/null 2>&1 || true
lab up "$HOSTS" --scenario codered-ii --net "$NET" >/dev/null
as_root=$(median_plan)
lab down >/dev/null
lab up "$HOSTS" --scenario codered-ii --net "$NET" --login-user scourbench --sudo nopasswd --no-root-login >/dev/null
through_sudo=$(median_plan)
echo "plan as root        ${as_root}s"
echo "plan through sudo   ${through_sudo}s"
echo "ratio sudo/root = $(ratio "$through_sudo" "$as_root")   (target <= 1.1)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r Playbooks/files "$work/"
sed '/^  reboot "clear_memory" {/,/^  }/d' Playbooks/codered-ii-linux.scour > "$work/no-reboot.scour"
apply_time() {
    lab down >/dev/null 2>&1 || true
    lab up "$HOSTS" --scenario codered-ii --net "$NET" "$@" >/dev/null
    local start; start=$(now)
    SCOUR_RUNS_DIR="$work/runs" "$SCOUR" apply "$work/no-reboot.scour" -i "$LAB_DIR/inventory.ini" --known-hosts "$LAB_DIR/known_hosts" \
        --waves 100% --concurrency "$HOSTS" --no-progress >/dev/null || true
    elapsed "$start" "$(now)"
}
apply_ratios=()
for _ in $(seq "$ROUNDS"); do
    root_apply=$(apply_time)
    sudo_apply=$(apply_time --login-user scourbench --sudo nopasswd --no-root-login)
    apply_ratios+=("$(ratio "$sudo_apply" "$root_apply")")
done
echo "apply ratio sudo/root = $(printf '%s\n' "${apply_ratios[@]}" | median)   (rounds: ${apply_ratios[*]}; target <= 1.1)"

lab down >/dev/null
lab up "$HOSTS" --scenario clean --net "$NET" >/dev/null
"$SCOUR" lab tamper h01 flood --dir "$LAB_DIR" >/dev/null
/usr/bin/time -f '%M %e' -o /tmp/scour-bench-flood "$SCOUR" plan Playbooks/codered-ii-linux.scour -i "$LAB_DIR/inventory.ini" \
    --known-hosts "$LAB_DIR/known_hosts" --concurrency "$HOSTS" --format json > /tmp/scour-bench-flood.json || true
read -r rss_kib wall < <(tail -n 1 /tmp/scour-bench-flood)
failed=$(jq -r '[.hosts[] | select(.status != "planned")] | length' /tmp/scour-bench-flood.json)
echo "plan, $HOSTS hosts, h01 flooding: peak RSS $((rss_kib / 1024)) MiB, wall ${wall}s, hosts not planned: ${failed} (h01: $(jq -r '.hosts[] | select(.name == "h01") | .error' /tmp/scour-bench-flood.json | cut -c1-80))"
# The flooding lab stays up: bench.sh takes it down for its next section.
