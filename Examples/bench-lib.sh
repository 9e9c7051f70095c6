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

