#!/bin/sh
# Builds the fuzzers (libFuzzer with AddressSanitizer) over the package's own modules and runs
# each RUNS inputs:
# - playbooks (parser, formatter, semantic analysis), seeded with the playbooks and goldens,
#   with a dictionary of the language's tokens (Fuzz/ParserFuzz/playbook.dict);
# - probe answers and quarantine manifests (what a compromised host sends back), seeded with
#   Fuzz/ProbeAnswerFuzz/seeds;
# - the mapping editors (nginx, Apache, IIS) over a host's configuration file, host-written
#   regular expressions included, seeded with Fuzz/MappingFuzz/seeds.
# Usage: Fuzz/run.sh [RUNS] (default 20000). Exits non-zero on a crash, a hang (>2 s per
# input) or a violated property (formatter round trip, a lying glob match accepted).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-20000}
work=$root/.build/fuzz
mkdir -p "$work/corpus"
cp "$root"/Tests/Golden/*/*.scour "$work/corpus/"
for playbook in "$root"/Playbooks/*.scour "$root"/Playbooks/*/*.scour; do
  [ -f "$playbook" ] && cp "$playbook" "$work/corpus/"
done
# The modules under test, built by SwiftPM with libFuzzer's coverage and AddressSanitizer
# (a build folder of their own); each fuzzer is its main.swift linked with their objects.
build=$root/.build-fuzz
swift build --package-path "$root" --build-path "$build" -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing \
  --target ScourHost
# A Swift module's objects are the ones its output file map names (an object of a source since
# removed stays in the folder); a C module's are all there are.
objects() {
  for module in "$@"; do
    map=$build/debug/$module.build/output-file-map.json
    if [ -f "$map" ]; then jq -r '.[] | .object // empty' "$map"; else find "$build/debug/$module.build" -name '*.o'; fi
  done
}
link_fuzzer() { # MAIN OUTPUT MODULE...
  main=$1 output=$2; shift 2
  swiftc -sanitize=fuzzer,address -parse-as-library -O -I "$build/debug/Modules" "$main" $(objects "$@") -o "$output"
}
# The parser, the semantic analysis and the formatter.
link_fuzzer "$root/Fuzz/ParserFuzz/main.swift" "$work/parser-fuzz" ScourSyntax ScourCore Yams CYaml
# What a compromised host controls: the probe answer reader and the manifest reader (ScourHost).
mkdir -p "$work/probe-corpus"
cp "$root"/Fuzz/ProbeAnswerFuzz/seeds/* "$work/probe-corpus/"
link_fuzzer "$root/Fuzz/ProbeAnswerFuzz/main.swift" "$work/probe-fuzz" ScourSyntax ScourCore Yams CYaml ScourHost
# What a compromised host writes into the configuration strip_mappings edits (ScourCore).
mkdir -p "$work/mapping-corpus"
cp "$root"/Fuzz/MappingFuzz/seeds/* "$work/mapping-corpus/"
link_fuzzer "$root/Fuzz/MappingFuzz/main.swift" "$work/mapping-fuzz" ScourSyntax ScourCore Yams CYaml
cd "$work"
./parser-fuzz -runs="$runs" -max_total_time=120 -timeout=2 -max_len=4096 -dict="$root/Fuzz/ParserFuzz/playbook.dict" corpus
./probe-fuzz -runs="$runs" -max_total_time=120 -timeout=2 -max_len=8192 probe-corpus
# Leaks are not checked here: Foundation's NSRegularExpression leaks its ICU state (536 bytes,
# in _CFRegularExpressionCreate) for every pattern that does not compile — a host's config may
# hold any number of those, and the leak is Foundation's, not Scour's.
ASAN_OPTIONS=detect_leaks=0 ./mapping-fuzz -runs="$runs" -max_total_time=120 -timeout=2 -max_len=16384 -detect_leaks=0 mapping-corpus
