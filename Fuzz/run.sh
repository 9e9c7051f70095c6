#!/bin/sh
# Builds the fuzzers (libFuzzer with AddressSanitizer) and runs each RUNS inputs:
# - playbooks (parser, formatter, semantic analysis), seeded with the playbooks and goldens,
#   with a dictionary of the language's tokens (Fuzz/ParserFuzz/playbook.dict);
# - probe answers and quarantine manifests (what a compromised host sends back), seeded with
#   Fuzz/ProbeAnswerFuzz/seeds.
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
# The parser and the semantic analysis (ScourCore without the inventory, which needs Yams),
# compiled as one module: their `import ScourSyntax` lines are dropped in a copy.
rm -rf "$work/sources" && mkdir -p "$work/sources"
for dir in Analysis Playbook Steps Values Support; do
  for file in "$root"/Sources/ScourCore/$dir/*.swift; do
    sed -e '/^import ScourSyntax$/d' -e 's/ScourSyntax\.parse(/parse(/g' "$file" > "$work/sources/$dir-$(basename "$file")"
  done
done
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name ScourFuzz \
  $(find "$root/Sources/ScourSyntax" -name '*.swift') "$work"/sources/*.swift "$root/Fuzz/ParserFuzz/main.swift" \
  -o "$work/parser-fuzz"
# The probe answer parser: the engine's Probes files that read answers, on the same ScourCore copy.
mkdir -p "$work/probe-corpus"
cp "$root"/Fuzz/ProbeAnswerFuzz/seeds/* "$work/probe-corpus/"
probe_sources=""
for name in Probes/ProbeAnswer Probes/ProbeError Probes/ProbeWire Probes/ItemFields Probes/HostObservation \
    Probes/HostObservation+Records Probes/ProbeItem Probes/ContentGlobObservation Probes/ContentGlobObservation+Answer \
    Probes/GlobContentsObservation Probes/GlobContentsObservation+Answer \
    Probes/ProcessListObservation Probes/ProcessListObservation+Answer Probes/String+UTF8Prefix Restore/QuarantineManifest Runs/RunError; do
  copy="$work/sources/Probes-$(basename "$name").swift"
  sed -e '/^import ScourCore$/d' "$root/Sources/ScourEngine/$name.swift" > "$copy"
  probe_sources="$probe_sources $copy"
done
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name ScourProbeFuzz \
  $(find "$root/Sources/ScourSyntax" -name '*.swift') $(ls "$work"/sources/*.swift | grep -v '/Probes-') $probe_sources \
  "$root/Fuzz/ProbeAnswerFuzz/main.swift" -o "$work/probe-fuzz"
cd "$work"
./parser-fuzz -runs="$runs" -max_total_time=120 -timeout=2 -max_len=4096 -dict="$root/Fuzz/ParserFuzz/playbook.dict" corpus
./probe-fuzz -runs="$runs" -max_total_time=120 -timeout=2 -max_len=8192 probe-corpus
