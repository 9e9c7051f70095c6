# Helpers of the benchmark scripts (sourced): timing, ratios, medians, and the floor.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The floor: OpenSSH, every host in parallel, one connection and `true` each (as USER, default
# root; COMMAND instead of `true` when given).
openssh_floor() {
    local lab_dir=$1 user=${2:-root} command=${3:-true}
    local start; start=$(now)
    while read -r address; do
        ssh -n -i "$lab_dir/id_ed25519" -o UserKnownHostsFile="$lab_dir/known_hosts" \
            -o StrictHostKeyChecking=yes -o BatchMode=yes -o KexAlgorithms=curve25519-sha256 \
            "$user@$address" "$command" &
    done < <(jq -r '.hosts[].address' "$lab_dir/lab.json")
    wait
    elapsed "$start" "$(now)"
}


# A scratch folder `$work` for a script that applies: the playbooks' files beside the reference
# playbook without its reboot step (`$work/no-reboot.scour`), runs recorded inside it; on exit
# it is removed and the script's lab (its `lab` function) taken down.
apply_workspace() {
    work=$(mktemp -d)
    trap 'rm -rf "$work"; lab down >/dev/null 2>&1 || true' EXIT
    cp -r Playbooks/files "$work/"
    sed '/^  reboot "clear_memory" {/,/^  }/d' Playbooks/codered-ii-linux.scour > "$work/no-reboot.scour"
    export SCOUR_RUNS_DIR="$work/runs"
}
